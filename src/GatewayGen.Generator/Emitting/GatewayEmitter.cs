using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Emitting;

/// <summary>
/// Writes the project-wide files: Gateway.g.cs (AddGateway, MapGateway, the build manifest) and, for a
/// project without an entry point, Program.g.cs with the Program.cs every gateway starts from.
/// </summary>
internal static class GatewayEmitter
{
    public const string ExtensionsClass = "GatewayGenApplicationBuilderExtensions";

    public static string EmitGateway(GatewayModel model)
    {
        var writer = GeneratedCode.NewFile();
        writer.Line("namespace Microsoft.AspNetCore.Builder");
        using (writer.Braces())
        {
            writer.Line("/// <summary>Adds the gateway generated from this project's OpenAPI documents.</summary>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line($"internal static class {ExtensionsClass}");
            using (writer.Braces())
            {
                writer.Block("""
                    /// <summary>Registers the gateway's services.</summary>
                    public static global::Microsoft.AspNetCore.Builder.WebApplicationBuilder AddGateway(this global::Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
                        global::GatewayGen.Runtime.GatewayHosting.AddGatewayRuntime(builder, global::GatewayGen.Generated.GatewayManifest.Info, global::GatewayGen.Generated.GatewayManifest.Access);

                    /// <summary>Maps every operation of every API, then the 405 and 404 answers.</summary>
                    public static global::Microsoft.AspNetCore.Builder.WebApplication MapGateway(this global::Microsoft.AspNetCore.Builder.WebApplication app)
                    """);
                using (writer.Braces())
                {
                    foreach (var api in model.Apis)
                    {
                        writer.Line($"global::{ApiEmitter.GeneratedNamespace}.{ApiEmitter.RoutesClass(api.Name)}.Map(app);");
                    }

                    foreach (var path in model.MethodNotAllowed)
                    {
                        writer.Line($"global::GatewayGen.Runtime.GatewayEndpoints.MapMethodNotAllowed(app, {Literals.String(path.Template)}, {Literals.String(path.Allow)}, {ApiEmitter.SettingsField(path.Api)});");
                    }

                    // The 404 belongs to an API only when there is one; with several, no API owns an unknown path.
                    writer.Line(model.Apis.Count == 1
                        ? $"global::GatewayGen.Runtime.GatewayEndpoints.MapNotFound(app, {ApiEmitter.SettingsField(model.Apis[0].Name)});"
                        : "global::GatewayGen.Runtime.GatewayEndpoints.MapNotFound(app);");
                    writer.Line("return app;");
                }
            }
        }

        writer.Line();
        writer.Line($"namespace {ApiEmitter.GeneratedNamespace}");
        using (writer.Braces())
        {
            writer.Line("/// <summary>What this gateway was built from.</summary>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line("internal static class GatewayManifest");
            using (writer.Braces())
            {
                writer.Line("public static readonly global::GatewayGen.Runtime.GatewayInfo Info = new(");
                writer.Line($"    {Literals.String(model.Options.Stage)},");
                writer.Line($"    {Literals.String(GeneratedCode.Version)},");
                writer.Line($"    {Literals.String(model.Deployment.Id)},");
                writer.Line($"    {(model.Deployment.Description is { } description ? Literals.String(description) : "null")},");
                writer.Line("    new global::GatewayGen.Runtime.GatewayApiInfo[]");
                writer.Line("    {");
                foreach (var api in model.Apis)
                {
                    writer.Line($"        new({Literals.String(api.Name)}, {Literals.String(api.Title)}, {Literals.String(api.Version)}, {Literals.String(System.IO.Path.GetFileName(api.FilePath))}, {Literals.Int(api.Routes.Count)}),");
                }

                var cacheCapacity = 0;
                foreach (var api in model.Apis)
                {
                    cacheCapacity = System.Math.Max(cacheCapacity, api.CacheCapacityMegabytes);
                }

                // One cache per stage: its capacity is the largest any API's stage declares.
                writer.Line(cacheCapacity > 0 ? $"    }}) {{ CacheCapacityMegabytes = {Literals.Int(cacheCapacity)} }};" : "    });");
                writer.Line();
                AccessEmitter.EmitManifest(writer, model);
            }
        }

        return writer.ToString();
    }

    public static string EmitEntryPoint()
    {
        var writer = GeneratedCode.NewFile();
        writer.Line($"namespace {ApiEmitter.GeneratedNamespace}");
        using (writer.Braces())
        {
            writer.Line("/// <summary>The entry point of a gateway project that has none of its own: the Program.cs every gateway starts from.</summary>");
            writer.Line("/// <remarks>");
            writer.Line("/// Listens on http://127.0.0.1:5080 unless told otherwise. HTTPS: --urls https://0.0.0.0:8443");
            writer.Line("/// --Kestrel:Certificates:Default:Path=cert.pem --Kestrel:Certificates:Default:KeyPath=key.pem (PEM files);");
            writer.Line("/// plain HTTP off loopback is refused unless Gateway:AllowPlainHttp=true (docs/security.md).");
            writer.Line("/// </remarks>");
            writer.Line(GeneratedCode.Attribute);
            writer.Line("internal static class GatewayProgram");
            using (writer.Braces())
            {
                writer.Block($$"""
                    public static async global::System.Threading.Tasks.Task<int> Main(string[] args)
                    {
                        var builder = global::Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(args);
                        global::Microsoft.AspNetCore.Builder.{{ExtensionsClass}}.AddGateway(builder);
                        var app = builder.Build();
                        global::Microsoft.AspNetCore.Builder.{{ExtensionsClass}}.MapGateway(app);
                        return await global::Microsoft.AspNetCore.Builder.GatewayApplicationExtensions.RunGatewayAsync(app, args);
                    }
                    """);
            }
        }

        return writer.ToString();
    }
}
