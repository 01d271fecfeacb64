using System;
using System.Collections.Generic;

namespace GatewayGen.Runtime;

/// <summary>
/// The keys a running gateway knows, in memory by hash, reloaded from the store when it changes (checked every
/// second by <see cref="GatewayStoreService"/>), so a key created or revoked elsewhere takes effect within a second.
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly Lazy<ApiKeyStore> _store;
    private Dictionary<ApiKeyHash, ApiKeyRecord> _keys = new();
    private string? _version;

    /// <summary>A registry over a store opened on first use.</summary>
    public ApiKeyRegistry(Lazy<ApiKeyStore> store) => _store = store;

    /// <summary>The store.</summary>
    public ApiKeyStore Store => _store.Value;

    /// <summary>The key with this hash, revoked or not; null when unknown.</summary>
    public ApiKeyRecord? Find(ApiKeyHash hash)
    {
        if (_version is null)
        {
            Refresh();
        }

        return _keys.TryGetValue(hash, out var key) ? key : null;
    }

    /// <summary>Reloads the keys if the store changed since the last look.</summary>
    public void Refresh()
    {
        var version = Store.KeysVersion();
        if (version == _version)
        {
            return;
        }

        var keys = new Dictionary<ApiKeyHash, ApiKeyRecord>();
        foreach (var key in Store.List())
        {
            keys[key.Hash] = key;
        }

        _keys = keys; // readers see the old or the new dictionary, never a half-built one
        _version = version;
    }
}
