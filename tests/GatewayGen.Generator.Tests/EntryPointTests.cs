using System.Linq;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>Program.cs as DESIGN.md shows it works; a project without an entry point gets exactly that one.</summary>
public sealed class EntryPointTests
{
    private static readonly SpecFile Spec = SpecFile.FromDisk(RepoPaths.Spec("routing.openapi.yaml"));

    private const string EchoFunctions = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        namespace TestGateway;

        public static partial class RoutingFunctions
        {
            public static partial ValueTask<IResult> Echo(GetItemRequest request) => new(TypedResults.Ok());
            public static partial ValueTask<IResult> Echo(GetReportRequest request) => new(TypedResults.Ok());
            public static partial ValueTask<IResult> Echo(GetAccountRequest request) => new(TypedResults.Ok());
            public static partial ValueTask<IResult> Echo(GetFileRequest request) => new(TypedResults.Ok());
        }
        """;

    [Fact]
    public void The_Program_cs_of_the_design_compiles_without_warnings()
    {
        const string Program = """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.AddGateway();                    // generated: services for every API in the project
            var app = builder.Build();
            app.MapGateway();                        // generated: every operation's route
            return await app.RunGatewayAsync(args);  // serves; or runs an admin command, then exits
            """;

        var run = GeneratorHarness.Run(new[] { Spec }, new[] { Program, EchoFunctions }, new ProjectSettings(OutputType: "Exe"));

        Assert.False(run.Sources.ContainsKey("Program.g.cs"), "the project has its own entry point");
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_project_without_an_entry_point_gets_one_generated()
    {
        var run = GeneratorHarness.Run(new[] { Spec }, new[] { EchoFunctions }, new ProjectSettings(OutputType: "Exe"));

        Assert.True(run.Sources.ContainsKey("Program.g.cs"));
        Assert.Empty(run.CompilationProblems);
        Assert.Equal("Main", run.Compilation.GetEntryPoint(default)?.Name);
    }

    [Fact]
    public void A_library_gets_no_entry_point()
    {
        var run = GeneratorHarness.Run(new[] { Spec }, new[] { EchoFunctions }, new ProjectSettings(OutputType: "Library"));

        Assert.False(run.Sources.ContainsKey("Program.g.cs"));
    }
}
