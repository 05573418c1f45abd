/// C# with `System.Net.Http.HttpClient`, for .NET or Mono.
enum CSharpWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var lines = [
            "var request = new HttpRequestMessage(new HttpMethod(\(Literal.doubleQuoted(request.call.method))), \(Literal.doubleQuoted(request.url.absoluteString)));",
            "request.Headers.Add(\"Ocp-Apim-Subscription-Key\", Environment.GetEnvironmentVariable(\(Literal.doubleQuoted(request.keyVariable))) ?? \"{subscription key}\");",
        ]
        switch request.call.body {
        case .none: break
        case .json(let text):
            lines.append("request.Content = new StringContent(\(Literal.doubleQuoted(text)), Encoding.UTF8, \"application/json\");")
        case .audio:
            lines.append("request.Content = new ByteArrayContent(File.ReadAllBytes(\(Literal.doubleQuoted(request.audioFile))));")
            lines.append("request.Content.Headers.ContentType = new MediaTypeHeaderValue(\"application/octet-stream\");")
        }
        return """
            // \(request.title)
            // Run: mcs -r:System.Net.Http.dll \(SampleLanguage.csharp.fileName) && \(request.keyVariable)=your-key mono Sample.exe (or in a .NET project)
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Text;
            using System.Threading.Tasks;

            static class Sample
            {
                static void Main()
                {
                    Send().GetAwaiter().GetResult();
                }

                static async Task Send()
                {
                    using (var client = new HttpClient())
                    {
                        \(lines.joined(separator: "\n                "))
                        var response = await client.SendAsync(request);
                        Console.WriteLine((int)response.StatusCode + " " + response.ReasonPhrase);
                        IEnumerable<string> location;
                        if (response.Headers.TryGetValues("Operation-Location", out location))
                            Console.WriteLine("Operation-Location: " + string.Join(", ", location));
                        Console.WriteLine(await response.Content.ReadAsStringAsync());
                    }
                }
            }

            """
    }
}
