using System.Collections.Generic;
using System.Text.Json.Nodes;
using GatewayGen.Generator.Diagnostics;
using GatewayGen.Generator.Model;

namespace GatewayGen.Generator.Parsing;

/// <summary>
/// x-amazon-apigateway-request-validators (named choices of body and parameter validation) and
/// x-amazon-apigateway-request-validator (which one applies, for the API or one operation). Without them
/// GatewayGen validates both; API Gateway would validate neither, so a validator with both false restores that.
/// </summary>
internal sealed class RequestValidatorParser
{
    public static readonly ValidationModel Everything = new(Body: true, Parameters: true);

    private readonly ParseContext _context;
    private readonly Dictionary<string, ValidationModel> _validators = new(System.StringComparer.Ordinal);
    private readonly ValidationModel _apiDefault;

    public RequestValidatorParser(ParseContext context)
    {
        _context = context;
        if (context.Root?[ExtensionNames.RequestValidators] is JsonObject validators)
        {
            foreach (var member in validators)
            {
                var definition = member.Value as JsonObject;
                _validators[member.Key] = new ValidationModel(
                    Body: JsonNodes.IsTrue(definition?["validateRequestBody"]),
                    Parameters: JsonNodes.IsTrue(definition?["validateRequestParameters"]));
            }
        }

        _apiDefault = Choose(context.Root?[ExtensionNames.RequestValidator], "/" + ExtensionNames.RequestValidator, Everything);
    }

    /// <summary>What an operation validates: its own validator, else the API's, else everything.</summary>
    public ValidationModel ForOperation(string operationPointer)
    {
        var node = JsonPointer.Resolve(_context.Root, JsonPointer.Append(operationPointer, ExtensionNames.RequestValidator));
        return Choose(node, JsonPointer.Append(operationPointer, ExtensionNames.RequestValidator), _apiDefault);
    }

    private ValidationModel Choose(JsonNode? node, string pointer, ValidationModel fallback)
    {
        if (node is null)
        {
            return fallback;
        }

        var name = JsonNodes.GetString(node) ?? "";
        if (_validators.TryGetValue(name, out var chosen))
        {
            return chosen;
        }

        _context.Report(DiagnosticDescriptors.UnknownRequestValidator, pointer, name);
        return fallback;
    }
}
