package io.fusionscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Self-signed key pairs made with the JDK's keytool and written as PEM files, the shape a mounted
 * Kubernetes TLS secret has ({@code tls.crt}, {@code tls.key}).
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    public record Pem(Path certificate, Path key) {
    }

    private TestCertificates() {
    }

    /** A key pair for {@code commonName}, valid for localhost and 127.0.0.1. */
    public static Pem create(Path dir, String commonName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve(commonName + ".p12");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-alias", commonName, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD);
            Certificate certificate = keyStore.getCertificate(commonName);
            PrivateKey key = (PrivateKey) keyStore.getKey(commonName, PASSWORD);
            Path certificateFile = Files.writeString(dir.resolve(commonName + ".crt"), pem("CERTIFICATE", certificate.getEncoded()));
            Path keyFile = Files.writeString(dir.resolve(commonName + ".key"), pem("PRIVATE KEY", key.getEncoded()));
            return new Pem(certificateFile, keyFile);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool wrote", e);
        }
    }

    /** A PKCS12 trust store holding {@code certificate}; password "changeit". */
    public static Path trustStore(Path certificate, Path store) throws IOException, InterruptedException {
        Files.deleteIfExists(store);
        keytool("-importcert", "-noprompt", "-alias", "trusted", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD));
        return store;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
