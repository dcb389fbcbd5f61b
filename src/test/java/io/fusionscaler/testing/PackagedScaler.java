package io.fusionscaler.testing;

import static io.restassured.RestAssured.given;

/**
 * Reads of the scaler under test over its HTTP port, for tests that run against a packaged build (jar or native
 * runner) as well as in {@code @QuarkusTest}: RestAssured points at the test HTTP port in both.
 */
public final class PackagedScaler {

    private PackagedScaler() {
    }

    /** The Prometheus scrape of {@code /q/metrics}. */
    public static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The value of an untagged meter in the scrape ({@code fusion_streams_open 3.0}), NaN when absent.
     */
    public static double metric(String name) {
        return metric(scrape(), name);
    }

    /** The value of the line {@code <series> <value>} of a scrape, where series is a name with or without labels. */
    public static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }
}
