using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayGen.Runtime;

/// <summary>
/// Runs a function integration: the C# method the user wrote for an operation. A function that throws or
/// returns nothing is the integration failing, answered as such (and logged), never a torn connection.
/// </summary>
public static class GatewayFunctions
{
    /// <summary>Calls <paramref name="function"/> with the parsed request and executes the result it returns.</summary>
    public static async Task InvokeAsync<TRequest>(HttpContext context, TRequest request, Func<TRequest, ValueTask<IResult>> function, string operation)
    {
        IResult? result;
        try
        {
            result = await function(request);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            Logger(context).LogError(exception, "The function of {Operation} failed", operation);
            await GatewayErrors.WriteAsync(context, GatewayResponseType.Default5xx, $"The function of {operation} failed.");
            return;
        }

        if (result is null)
        {
            await GatewayErrors.WriteAsync(context, GatewayResponseType.IntegrationFailure, $"The function of {operation} returned no result.");
            return;
        }

        await result.ExecuteAsync(context);
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayGen.Functions");
}
