import Foundation

/// This process's CPU time and memory, as the kernel counts them.
enum ProcessMeter {
    /// User and system CPU seconds so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports the `who` values as an enum
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Resident memory now (`VmRSS`) and its peak over the process's life (`VmHWM`), in bytes.
    static func residentBytes() -> (now: Int, peak: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
                let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
            else { return 0 }
            return kilobytes * 1024
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }
}
