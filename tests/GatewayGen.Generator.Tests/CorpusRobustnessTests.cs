using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GatewayGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GatewayGen.Generator.Tests;

/// <summary>
/// The generator never crashes: truncated and mutated copies of every real-world document in ../shared/corpus
/// end in diagnostics at worst, never in CS8785 (generator failed), AD0001 or GG0099. (The documents themselves
/// build and serve: <see cref="CorpusGatewayTests"/>.)
/// </summary>
public sealed class CorpusRobustnessTests
{
    public static IEnumerable<object[]> Documents() => CorpusDocuments.All.Select(document => new object[] { document.File });

    [Theory]
    [MemberData(nameof(Documents))]
    public void Truncated_copies_end_in_diagnostics_not_crashes(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Shared, "corpus", file));
        var cuts = text.Length > 1_000_000 ? 2 : 8;
        for (var i = 1; i <= cuts; i++)
        {
            Generate(file, text.Substring(0, (int)((long)text.Length * i / (cuts + 1))));
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Mutated_copies_end_in_diagnostics_not_crashes(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Shared, "corpus", file));
        if (text.Length > 200_000)
        {
            return; // the large documents are covered by the truncation test; mutating them is slow and adds nothing new
        }

        var random = new Random(file.Length * 7919 + text.Length);
        for (var i = 0; i < 15; i++)
        {
            Generate(file, Mutate(text, random));
        }
    }

    private static GeneratorRun Generate(string file, string text)
    {
        var run = GeneratorHarness.Run(new SpecFile("/corpus/" + Path.GetFileName(file).Replace(".tpl", ""), text, GatewayGenMetadata: "true"));
        Assert.Empty(run.Exceptions);
        var crashes = run.GeneratorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785" or "AD0001" or "GG0099").ToArray();
        Assert.True(crashes.Length == 0, file + ": " + GeneratorRun.Format(crashes));
        return run;
    }

    private static readonly string[] Noise = { ":", "{", "}", "[", "]", "-", "'", "\"", "\t", "#", "&", "*", "!", "|", ">", "%", "@", "~", "$ref", "\\", "  " };

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
                lines.RemoveAt(line);
                break;
            case 1:
                lines.Insert(line, lines[line]);
                break;
            case 2:
                lines[line] = "   " + lines[line];
                break;
            case 3:
                lines[line] = lines[line].TrimStart();
                break;
            default:
                var builder = new StringBuilder(lines[line]);
                builder.Insert(random.Next(builder.Length + 1), Noise[random.Next(Noise.Length)]);
                lines[line] = builder.ToString();
                break;
        }

        return string.Join('\n', lines);
    }
}
