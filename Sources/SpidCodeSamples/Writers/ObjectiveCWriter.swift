/// Objective-C with Foundation's `NSURLConnection`, as the service's own page used; builds with
/// Apple's Foundation or GNUstep.
enum ObjectiveCWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var lines = [
            "NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:@\(Literal.doubleQuoted(request.url.absoluteString))]];",
            "[request setHTTPMethod:@\(Literal.doubleQuoted(request.call.method))];",
            "[request setValue:key forHTTPHeaderField:@\"Ocp-Apim-Subscription-Key\"];",
        ]
        if let type = request.call.body.contentType {
            lines.append("[request setValue:@\(Literal.doubleQuoted(type)) forHTTPHeaderField:@\"Content-Type\"];")
        }
        switch request.call.body {
        case .none: break
        case .json(let text):
            lines.append("[request setHTTPBody:[@\(Literal.doubleQuoted(text)) dataUsingEncoding:NSUTF8StringEncoding]];")
        case .audio:
            lines += [
                "NSData *audio = [NSData dataWithContentsOfFile:@\(Literal.doubleQuoted(request.audioFile))];",
                "if (audio == nil) {",
                "    fprintf(stderr, \"cannot read %s\\n\", \(Literal.doubleQuoted(request.audioFile)));",
                "    return 1;",
                "}",
                "[request setHTTPBody:audio];",
            ]
        }
        return """
            // \(request.title)
            // Run: gcc `gnustep-config --objc-flags` \(SampleLanguage.objectiveC.fileName) -o sample `gnustep-config --base-libs` && \(request.keyVariable)=your-key ./sample
            // (GNUstep; on macOS: clang -framework Foundation \(SampleLanguage.objectiveC.fileName) -o sample)
            #import <Foundation/Foundation.h>
            #include <stdio.h>

            static int sendRequest(void)
            {
                NSString *key = [[[NSProcessInfo processInfo] environment] objectForKey:@\(Literal.doubleQuoted(request.keyVariable))];
                if (key == nil) key = @"{subscription key}";
                \(lines.joined(separator: "\n    "))

                NSHTTPURLResponse *response = nil;
                NSError *error = nil;
                NSData *data = [NSURLConnection sendSynchronousRequest:request returningResponse:&response error:&error];
                if (response == nil) {
                    fprintf(stderr, "%s\\n", [[error description] UTF8String]);
                    return 1;
                }
                printf("%ld\\n", (long)[response statusCode]);
                NSString *location = [[response allHeaderFields] objectForKey:@"Operation-Location"];
                if (location != nil) printf("Operation-Location: %s\\n", [location UTF8String]);
                NSString *body = [[[NSString alloc] initWithData:data encoding:NSUTF8StringEncoding] autorelease];
                printf("%s\\n", body == nil ? "" : [body UTF8String]);
                return 0;
            }

            int main(int argc, const char *argv[])
            {
                NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
                int status = sendRequest();
                [pool drain];
                return status;
            }

            """
    }
}
