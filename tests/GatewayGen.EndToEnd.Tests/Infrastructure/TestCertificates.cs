using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayGen.EndToEnd.Tests.Infrastructure;

/// <summary>A certificate authority, a server certificate for 127.0.0.1 and two client certificates (one from a stranger's authority), as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    private X509Certificate2 _authority = null!;

    public X509Certificate2 Server { get; private set; } = null!;

    public X509Certificate2 Client { get; private set; } = null!;

    public X509Certificate2 Stranger { get; private set; } = null!;

    public string TrustStorePath { get; private set; } = "";

    public string[] KestrelArguments { get; private set; } = Array.Empty<string>();

    public static TestCertificates Create(string directory)
    {
        var certificates = new TestCertificates();
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        certificates._authority = Authority("CN=GatewayGen Test CA", authorityKey);
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = Authority("CN=Someone Else's CA", strangerKey);

        var (server, serverKey) = Issue(certificates._authority, authorityKey, "CN=127.0.0.1", serverAuth: true);
        certificates.Server = server;
        certificates.Client = Issue(certificates._authority, authorityKey, "CN=partner, O=Example Partner", serverAuth: false).Certificate;
        certificates.Stranger = Issue(stranger, strangerKey, "CN=stranger", serverAuth: false).Certificate;

        var serverPem = Path.Combine(directory, "server.pem");
        var keyPem = Path.Combine(directory, "server.key");
        certificates.TrustStorePath = Path.Combine(directory, "truststore.pem");
        File.WriteAllText(serverPem, server.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPem, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificates.TrustStorePath, certificates._authority.ExportCertificatePem() + "\n");
        serverKey.Dispose();
        certificates.KestrelArguments = new[] { "--Kestrel:Certificates:Default:Path=" + serverPem, "--Kestrel:Certificates:Default:KeyPath=" + keyPem };
        return certificates;
    }

    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _authority.Dispose();
        Server.Dispose();
        Client.Dispose();
        Stranger.Dispose();
    }

    private static X509Certificate2 Authority(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static (X509Certificate2 Certificate, ECDsa Key) Issue(X509Certificate2 authority, ECDsa authorityKey, string subject, bool serverAuth)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        var signer = X509SignatureGenerator.CreateForECDsa(authorityKey);
        using var issued = request.Create(authority.SubjectName, signer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, as a certificate loaded from disk would be: SslStream on Linux wants a persisted key.
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (certificate, key);
    }
}
