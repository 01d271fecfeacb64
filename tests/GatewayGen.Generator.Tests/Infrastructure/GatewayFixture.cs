using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace GatewayGen.Generator.Tests.Infrastructure;

/// <summary>One compiled, running gateway shared by a test class (compiling is the slow part).</summary>
public abstract class GatewayFixture(IEnumerable<SpecFile> specs, params string[] userSources) : IAsyncLifetime
{
    private CompiledGateway? _gateway;

    public HttpClient Client => _gateway!.Client;

    public CompiledGateway Gateway => _gateway!;

    public virtual async Task InitializeAsync() => _gateway = await CompiledGateway.StartAsync(specs, userSources);

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
