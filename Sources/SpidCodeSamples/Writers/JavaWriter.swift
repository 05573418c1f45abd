/// Java with Apache HttpClient 4 (HTTP Components), as the service's own page used.
enum JavaWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var builder = [
            "RequestBuilder.create(\(Literal.doubleQuoted(request.call.method)))",
            "    .setUri(\(Literal.doubleQuoted(request.url.absoluteString)))",
            "    .setHeader(\"Ocp-Apim-Subscription-Key\", key)",
        ]
        switch request.call.body {
        case .none: break
        case .json(let text):
            builder.append(
                "    .setEntity(new StringEntity(\(Literal.doubleQuoted(text)), ContentType.create(\"application/json\", \"UTF-8\")))")
        case .audio:
            builder.append(
                "    .setEntity(new FileEntity(new File(\(Literal.doubleQuoted(request.audioFile))), ContentType.APPLICATION_OCTET_STREAM))"
            )
        }
        builder.append("    .build();")
        return """
            // \(request.title)
            // Run: javac -encoding UTF-8 -cp "$CLASSPATH" \(SampleLanguage.java.fileName) && \(request.keyVariable)=your-key java -cp "$CLASSPATH:." JavaSample
            // with CLASSPATH holding httpclient, httpcore, commons-logging and commons-codec (Debian: libhttpclient-java).
            import java.io.File;
            import org.apache.http.Header;
            import org.apache.http.HttpResponse;
            import org.apache.http.client.methods.HttpUriRequest;
            import org.apache.http.client.methods.RequestBuilder;
            import org.apache.http.entity.ContentType;
            import org.apache.http.entity.FileEntity;
            import org.apache.http.entity.StringEntity;
            import org.apache.http.impl.client.CloseableHttpClient;
            import org.apache.http.impl.client.HttpClients;
            import org.apache.http.util.EntityUtils;

            public class JavaSample {
                public static void main(String[] args) throws Exception {
                    String key = System.getenv().getOrDefault(\(Literal.doubleQuoted(request.keyVariable)), "{subscription key}");
                    try (CloseableHttpClient client = HttpClients.createDefault()) {
                        HttpUriRequest request = \(builder.joined(separator: "\n                "))
                        HttpResponse response = client.execute(request);
                        System.out.println(response.getStatusLine().getStatusCode() + " " + response.getStatusLine().getReasonPhrase());
                        Header location = response.getFirstHeader("Operation-Location");
                        if (location != null) System.out.println("Operation-Location: " + location.getValue());
                        System.out.println(response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), "UTF-8"));
                    }
                }
            }

            """
    }
}
