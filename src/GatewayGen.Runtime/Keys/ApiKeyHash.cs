using System;
using System.Security.Cryptography;
using System.Text;

namespace GatewayGen.Runtime;

/// <summary>
/// The SHA-256 of an API key: what the store keeps instead of the key. A value type with cheap equality, so
/// looking a request's key up costs no allocation.
/// </summary>
public readonly record struct ApiKeyHash(ulong A, ulong B, ulong C, ulong D)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Hashes a key as a client sends it.</summary>
    public static ApiKeyHash Of(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(key.Length) <= utf8.Length ? utf8.Slice(0, Encoding.UTF8.GetBytes(key, utf8)) : Encoding.UTF8.GetBytes(key.ToString());
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return FromBytes(hash);
    }

    /// <summary>Reads a hash the store kept.</summary>
    public static ApiKeyHash FromBytes(ReadOnlySpan<byte> hash) => new(
        BitConverter.ToUInt64(hash.Slice(0, 8)),
        BitConverter.ToUInt64(hash.Slice(8, 8)),
        BitConverter.ToUInt64(hash.Slice(16, 8)),
        BitConverter.ToUInt64(hash.Slice(24, 8)));

    /// <summary>The 32 bytes, for the store.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), A);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), B);
        BitConverter.TryWriteBytes(bytes.AsSpan(16, 8), C);
        BitConverter.TryWriteBytes(bytes.AsSpan(24, 8), D);
        return bytes;
    }

    /// <summary>A new key: 40 letters and digits from a cryptographic random source (about 238 bits), as API Gateway's keys look.</summary>
    public static string NewKey() => RandomNumberGenerator.GetString(Alphabet, 40);

    /// <summary>A new key id: 10 lower-case letters and digits, safe to show and log.</summary>
    public static string NewId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
}
