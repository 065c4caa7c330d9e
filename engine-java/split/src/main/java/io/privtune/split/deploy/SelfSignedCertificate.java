package io.privtune.split.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed TLS certificate for the cloud when none is given (RSA 2048, SHA-256, valid a year, for
 * localhost and 127.0.0.1): written as cert.pem and key.pem (PKCS#8); the device trusts cert.pem.
 */
public final class SelfSignedCertificate {
    public record Pem(Path certificate, Path privateKey) {}

    private SelfSignedCertificate() {}

    /** Writes cert.pem and key.pem into {@code folder} unless both are there already. */
    public static Pem ensure(Path folder) {
        Path cert = folder.resolve("cert.pem");
        Path key = folder.resolve("key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new Pem(cert, key);
        }
        try {
            Files.createDirectories(folder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=privtune-cloud");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    name,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            try (Writer w = Files.newBufferedWriter(cert);
                    JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(certificate);
            }
            try (Writer w = Files.newBufferedWriter(key);
                    JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
            }
            return new Pem(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a TLS certificate into " + folder + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a TLS certificate: " + e.getMessage(), e);
        }
    }
}
