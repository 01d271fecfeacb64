using System;
using System.IO;
using System.Linq;
using System.Diagnostics;
using GatewayGen.Generator.Parsing;
using GatewayGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GatewayGen.Generator.Tests;

public sealed class ProbeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("github/api.github.com.yaml")]
    public void Stages(string file)
    {
        var path = Path.Combine(RepoPaths.Shared, "corpus", file);
        var text = File.ReadAllText(path);
        var doc = new SpecDocument(path, "Api", text);
        for (var round = 0; round < 4; round++)
        {
            var sw = Stopwatch.StartNew();
            var parser = new YamlDotNet.Core.Parser(new StringReader(text));
            var events = 0;
            while (parser.MoveNext()) events++;
            var raw = sw.Elapsed; sw.Restart();
            var map = DocumentLoader.Load(doc, out _);
            var load = sw.Elapsed; sw.Restart();
            var gcs = GC.CollectionCount(2);
            output.WriteLine($"round {round}: yaml events only {raw.TotalMilliseconds:F0} ms ({events}), load {load.TotalMilliseconds:F0} ms, gen2 {GC.CollectionCount(2)} gen0 {GC.CollectionCount(0)}");
        }
    }
}
