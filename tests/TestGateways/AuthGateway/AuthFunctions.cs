using GatewayGen.Runtime;

namespace AuthGateway;

/// <summary>The C# authorizer the auth spec names, and functions that show what it decided and how often it ran.</summary>
public static partial class AuthFunctions
{
    private static int _calls;

    public static partial ValueTask<AuthorizerResult> checkToken(CheckTokenAuthorizerRequest request)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(request.Token switch
        {
            "Bearer ada" => AuthorizerResult.Allow("ada", new Dictionary<string, string> { ["team"] = "vets" }),
            "Bearer bob" => AuthorizerResult.Deny("bob"),
            _ => AuthorizerResult.Unauthorized(),
        });
    }

    public static partial ValueTask<IResult> Orders(GetOrdersRequest request) =>
        ValueTask.FromResult<IResult>(TypedResults.Text($"orders of {request.Principal?.PrincipalId} ({request.Principal?.Context["team"]})"));

    public static partial ValueTask<IResult> AuthorizerCalls(GetAuthorizerCallsRequest request) =>
        ValueTask.FromResult<IResult>(TypedResults.Text(Volatile.Read(ref _calls).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
