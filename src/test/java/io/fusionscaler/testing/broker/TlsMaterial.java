package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CA and a broker key pair made with the JDK's keytool, in PKCS12 files; the CA certificate also as PEM. */
final class TlsMaterial {

    static final String CA_PEM = "ca.pem";

    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(30);

    private TlsMaterial() {
    }

    /** Writes the files into {@code dir} and returns the SSL listener's {@code server.properties} lines. */
    static Map<String, String> generate(Path dir) {
        UncheckedFiles.createDirectories(dir);
        String password = randomPassword();
        Path ca = dir.resolve("ca.p12");
        Path keystore = dir.resolve("broker.p12");
        Path request = dir.resolve("broker.csr");
        Path certificate = dir.resolve("broker.crt");
        Path caPem = dir.resolve(CA_PEM);
        String loopback = ListenerPorts.LOOPBACK;
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=fusion-scaler test CA", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", ca.toString(), "-storepass", password);
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=" + loopback,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "broker", "-file", request.toString(),
                "-keystore", keystore.toString(), "-storepass", password);
        keytool("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(), "-outfile", certificate.toString(),
                "-ext", "SAN=IP:" + loopback + ",DNS:localhost", "-ext", "EKU=serverAuth", "-validity", "3650",
                "-keystore", ca.toString(), "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", keystore.toString(), "-storepass", password);
        keytool("-importcert", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", keystore.toString(), "-storepass", password);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keystore.toString());
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        p.put("ssl.client.auth", "none");
        return p;
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(JvmCommand.javaHome().resolve("bin").resolve("keytool").toString());
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(args));
        KafkaBroker.ToolResult result = ChildProcesses.runCapturingOutput(command, KEYTOOL_TIMEOUT, "keytool");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed (exit code " + result.exitCode() + "): "
                    + result.output().strip());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
