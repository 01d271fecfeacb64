namespace EdgeGateway;

/// <summary>The function the edge spec names: answers how many body bytes it was given.</summary>
public static partial class EdgeFunctions
{
    public static partial async ValueTask<IResult> CountBytes(PostFunctionRequest request)
    {
        long total = 0;
        var buffer = new byte[16384];
        int read;
        while ((read = await request.HttpContext.Request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
        }

        return TypedResults.Text($"function read {total} bytes");
    }
}
