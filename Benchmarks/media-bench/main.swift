import CLinuxEvents
import Glibc
// Media benchmark (not a test, issue 6 item 7): N concurrent RTP calls on loopback through Reroute's media path
// (RTPLegTransport legs + JitterBuffer + Transcoder on a 20 ms period timer, see SUT.swift) or through rtpengine
// (userspace, calls set up over its ng protocol), under the same load from this process, measured the same way.
//
//   media-bench --target reroute|rtpengine --mode relay|opus|g729 [--calls 50,100,200] [--seconds 10]
//               [--warmup 2] [--late-ms 5] [--sut-cpu 0] [--ng-port 22231] [--rtpengine /usr/bin/rtpengine]
//
// Each call: leg A speaks PCMA, leg B the mode's codec; this process sends 20 ms packets into both legs (staggered
// over the period) and receives what comes out of the other. Per step it prints one `ROW` line: output packets per
// second, the share of output packets more than --late-ms behind their 20 ms schedule and the 99th percentile of
// that lateness (schedule fitted per stream: index = RTP timestamp ÷ samples per packet, base = earliest arrival −
// index × 20 ms), delivered share, the system under test's CPU over the measured window (/proc/PID/stat) → calls
// per core, and its RSS growth per call (/proc/PID/status VmRSS, idle before the calls vs end of the window).
// Steps stop at the first that breaks the cadence (late share > 1 %, delivered < 98 %), finds the generator itself
// late (its own p99 send lateness > 5 ms: no verdict on the SUT) or saturates the SUT's core (CPU ≥ 95 %); a step
// that breaks below saturation is run once more first (the machine is shared). Bounded: every step is warm-up +
// measured seconds long, plus set-up.
import Foundation
import MediaBridge
import MediaCodecs
import RTPWire

func argument(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "sut" {
    guard let mode = BenchMode(rawValue: CommandLine.arguments[2]) else { exit(2) }
    try await runSUT(mode: mode)
    exit(0)
}

guard let mode = BenchMode(rawValue: argument("--mode", "relay")) else {
    print("unknown --mode (relay, opus, g729)")
    exit(2)
}
let target = argument("--target", "reroute")
let steps = argument("--calls", "50,100,200").split(separator: ",").compactMap { Int($0) }
let measureSeconds = Double(argument("--seconds", "10")) ?? 10
let warmupSeconds = Double(argument("--warmup", "2")) ?? 2
let lateMs = Double(argument("--late-ms", "5")) ?? 5
let sutCPU = argument("--sut-cpu", "0")
let ngPort = Int(argument("--ng-port", "22231")) ?? 22231
let rtpengineBinary = argument("--rtpengine", "/usr/bin/rtpengine")
guard ["reroute", "rtpengine"].contains(target), measureSeconds <= 20, warmupSeconds <= 5 else {
    print("--target reroute|rtpengine; --seconds ≤ 20, --warmup ≤ 5")
    exit(2)
}
raiseFileLimit()

// MARK: the load

let period: Int64 = 20_000_000
let frames = speechFrames(50)
let legB = mode.legB
let payloadsA = frames
let payloadsB: [[UInt8]] = try {
    let encoder = try Transcoder(from: .g711(.aLaw), to: legB.format)
    return try frames.flatMap { try encoder.transcode($0) }
}()

struct LoadResult {
    var sentInWindow = 0
    var receivedInWindow = 0
    var lateness: [Int64] = []
    var sendLateness: [Int64] = []
    var sendErrors = 0
}

/// Sends into every call's two legs for warmup + measure seconds and records what comes back.
/// `destinations[i]` = (port of leg A, port of leg B) of call i; `payloadTypeB` as the SUT expects it.
func runLoad(
    sockets: [(fd: Int32, port: UInt16)], destinations: [(a: Int, b: Int)], payloadTypeB: UInt8,
    onWindowStart: @escaping @Sendable () -> Void, onWindowEnd: @escaping @Sendable () -> Void
) -> LoadResult {
    let calls = destinations.count
    let streams = calls * 2
    let epoll = epoll_create1(0)
    defer { close(epoll) }
    for stream in 0..<streams {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(stream)
        epoll_ctl(epoll, EPOLL_CTL_ADD, sockets[stream].fd, &event)
    }
    // The send schedule wakes us through a timerfd at the next packet's due time (absolute, nanoseconds): no
    // spinning, so the generator never runs into the kernel's real-time throttling under chrt.
    let timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK))
    defer { close(timer) }
    var timerEvent = epoll_event()
    timerEvent.events = EPOLLIN.rawValue
    timerEvent.data.u64 = UInt64.max
    epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &timerEvent)
    func arm(_ deadline: Int64) {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(deadline / 1_000_000_000)
        spec.it_value.tv_nsec = Int(deadline % 1_000_000_000)
        timerfd_settime(timer, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }
    var addresses: [sockaddr_in] = []
    for destination in destinations {
        addresses.append(loopback(port: destination.a))
        addresses.append(loopback(port: destination.b))
    }
    var sequence = (0..<streams).map { _ in UInt16.random(in: 0 ... .max) }
    var timestamp = (0..<streams).map { _ in UInt32.random(in: 0 ... .max) }
    let ssrc = (0..<streams).map { _ in UInt32.random(in: 1 ... .max) }
    let step: [UInt32] = [160, UInt32(legB.format.rtpClockRate / 50)]
    let types: [UInt8] = [8, payloadTypeB]
    let perStream = Int((measureSeconds + 1) * 50)
    // RTP timestamps of what arrives: a packet's place in the schedule is its media time (timestamp ÷ the
    // packet's samples), so a sender's sequence numbering (skips, restarts) does not shift the schedule.
    var seqs = (0..<streams).map { _ in [UInt32]() }
    var times = (0..<streams).map { _ in [Int64]() }
    for stream in 0..<streams {
        seqs[stream].reserveCapacity(perStream)
        times[stream].reserveCapacity(perStream)
    }
    var result = LoadResult()
    result.sendLateness.reserveCapacity(calls * perStream)
    var packet = [UInt8](repeating: 0, count: 1500)
    var receive = [UInt8](repeating: 0, count: 2048)
    var events = [epoll_event](repeating: epoll_event(), count: 256)

    let t0 = monotonicNanoseconds() + 100_000_000
    let windowStart = t0 + Int64(warmupSeconds * 1e9)
    let stopAt = windowStart + Int64(measureSeconds * 1e9)
    // /proc is read on another thread at the window's edges, so the sender never waits on it.
    let sampler = Thread {
        func sleep(until deadline: Int64) {
            while case let wait = deadline - monotonicNanoseconds(), wait > 0 {
                var span = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
                nanosleep(&span, nil)
            }
        }
        sleep(until: windowStart)
        onWindowStart()
        sleep(until: stopAt)
        onWindowEnd()
    }
    sampler.start()
    var counter = 0
    func due(_ m: Int) -> Int64 { t0 + Int64(m / calls) * period + Int64(m % calls) * period / Int64(calls) }

    while true {
        var now = monotonicNanoseconds()
        if now >= stopAt + 300_000_000 { break }
        while now < stopAt, due(counter) <= now {
            let call = counter % calls
            let frame = counter / calls
            for side in 0..<2 {
                let stream = call * 2 + side
                let payload = side == 0 ? payloadsA[frame % payloadsA.count] : payloadsB[frame % payloadsB.count]
                packet[0] = 0x80
                packet[1] = types[side] | (frame == 0 ? 0x80 : 0)
                packet[2] = UInt8(sequence[stream] >> 8)
                packet[3] = UInt8(sequence[stream] & 0xFF)
                for byte in 0..<4 {
                    packet[4 + byte] = UInt8((timestamp[stream] >> (24 - 8 * byte)) & 0xFF)
                    packet[8 + byte] = UInt8((ssrc[stream] >> (24 - 8 * byte)) & 0xFF)
                }
                for index in payload.indices { packet[12 + index] = payload[index] }
                let length = 12 + payload.count
                let sent = packet.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &addresses[stream]) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(
                                sockets[stream].fd, bytes.baseAddress, length, 0, $0,
                                socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
                if sent < 0 { result.sendErrors += 1 }
                sequence[stream] &+= 1
                timestamp[stream] &+= step[side]
                if due(counter) >= windowStart { result.sentInWindow += 1 }
            }
            if due(counter) >= windowStart {
                result.sendLateness.append(now - due(counter))
            }
            counter += 1
            now = monotonicNanoseconds()
        }
        if now < stopAt { arm(due(counter)) }
        let ready = epoll_wait(epoll, &events, Int32(events.count), 5)
        guard ready > 0 else { continue }
        for index in 0..<Int(ready) {
            if events[index].data.u64 == UInt64.max {
                var expirations: UInt64 = 0
                _ = Glibc.read(timer, &expirations, 8)
                continue
            }
            let stream = Int(events[index].data.u64)
            while true {
                let count = recv(sockets[stream].fd, &receive, receive.count, 0)
                guard count >= 12 else { break }
                let arrival = monotonicNanoseconds()
                // RTCP (packet types 192–223 in the second octet, RFC 5761 §4) is not media.
                guard receive[1] < 192 || receive[1] > 223 else { continue }
                guard arrival >= windowStart, arrival < stopAt else { continue }
                seqs[stream].append(
                    UInt32(receive[4]) << 24 | UInt32(receive[5]) << 16 | UInt32(receive[6]) << 8 | UInt32(receive[7]))
                times[stream].append(arrival)
                result.receivedInWindow += 1
            }
        }
    }
    for stream in 0..<streams where !seqs[stream].isEmpty {
        var extended = 0
        var previous = seqs[stream][0]
        var indices: [Int] = []
        indices.reserveCapacity(seqs[stream].count)
        // Socket 2i receives leg A's output (PCMA), 2i+1 leg B's (the mode's codec).
        let samples = Int(step[stream % 2])
        for seq in seqs[stream] {
            extended += Int(Int32(bitPattern: seq &- previous))
            previous = seq
            indices.append(extended / samples)
        }
        var base = Int64.max
        for (index, time) in zip(indices, times[stream]) { base = min(base, time - Int64(index) * period) }
        for (index, time) in zip(indices, times[stream]) { result.lateness.append(time - base - Int64(index) * period) }
    }
    return result
}

// MARK: one step

func readLine(from handle: FileHandle) -> String? {
    var data = Data()
    while true {
        guard let byte = try? handle.read(upToCount: 1), !byte.isEmpty else { return nil }
        if byte.first == UInt8(ascii: "\n") { return String(decoding: data, as: UTF8.self) }
        data.append(byte)
    }
}

func percentile(_ values: [Int64], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1e6
}

func stop(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(3)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
}

struct StepFigures {
    var broken: Bool
    var saturated: Bool
}

func runStep(calls: Int) throws -> StepFigures {
    let sockets = (0..<(calls * 2)).map { _ in udpSocket() }
    defer { for socket in sockets { close(socket.fd) } }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
    var destinations: [(a: Int, b: Int)] = []
    var payloadTypeB = UInt8(legB.payloadType.rawValue)
    var idle: ProcessSample?
    var setupError: String?

    if target == "reroute" {
        let input = Pipe()
        let output = Pipe()
        process.arguments = ["-c", sutCPU, CommandLine.arguments[0], "sut", mode.rawValue]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard readLine(from: output.fileHandleForReading) == "IDLE" else { throw BenchError.setup("SUT did not start") }
        usleep(300_000)
        idle = ProcessSample.read(pid: process.processIdentifier)
        input.fileHandleForWriting.write(Data("open \(calls)\n".utf8))
        guard let line = readLine(from: output.fileHandleForReading), line.hasPrefix("PORTS ") else {
            throw BenchError.setup("SUT did not open its calls")
        }
        let ports = line.dropFirst(6).split(separator: " ").compactMap { Int($0) }
        destinations = stride(from: 0, to: ports.count - 1, by: 2).map { (ports[$0], ports[$0 + 1]) }
        let figures = try measure(
            process: process, idle: idle, sockets: sockets, destinations: destinations, payloadTypeB)
        input.fileHandleForWriting.write(Data("quit\n".utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        stop(process)
        return figures
    }

    process.arguments = [
        "-c", sutCPU, rtpengineBinary, "--config-file=none", "--foreground", "--log-stderr", "--log-level=3",
        "--table=-1", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:\(ngPort)", "--port-min=10000",
        "--port-max=19999", "--num-threads=1", "--timeout=60",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    defer { stop(process) }
    var ng = NGClient(port: ngPort)
    let deadline = Date().addingTimeInterval(10)
    while ng.request(.dictionary([("command", .string("ping"))]))?["result"] != "pong" {
        guard Date() < deadline, process.isRunning else { throw BenchError.setup("rtpengine did not answer ping") }
        usleep(100_000)
    }
    usleep(300_000)
    idle = ProcessSample.read(pid: process.processIdentifier)
    let encoding: String
    let rtpmapB: String
    switch mode {
    case .relay:
        encoding = "PCMA"
        rtpmapB = "a=rtpmap:8 PCMA/8000\r\n"
    case .opus:
        encoding = "opus"
        rtpmapB = ""
    case .g729:
        encoding = "G729"
        rtpmapB = ""
    }
    for call in 0..<calls {
        func sdp(_ port: UInt16, _ formats: String, _ attributes: String) -> String {
            "v=0\r\no=- \(call) 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio \(port) RTP/AVP \(formats)\r\n\(attributes)a=ptime:20\r\na=sendrecv\r\n"
        }
        var offer: [(String, Bencode)] = [
            ("command", .string("offer")), ("call-id", .string("bench-\(call)")), ("from-tag", .string("a\(call)")),
            ("sdp", .string(sdp(sockets[call * 2].port, "8", "a=rtpmap:8 PCMA/8000\r\n"))),
            ("replace", .list([.string("origin"), .string("session-connection")])),
            ("ICE", .string("remove")),
        ]
        if mode != .relay {
            offer.append(("codec", .dictionary([("transcode", .list([.string(encoding)]))])))
        }
        guard let offered = ng.request(.dictionary(offer)), offered["result"] == "ok", let offerSDP = offered["sdp"],
            let toB = sdpMedia(offerSDP, encoding: encoding), let pt = toB.payloadType
        else {
            setupError = "offer \(call) failed"
            break
        }
        payloadTypeB = UInt8(pt)
        let formatB: String
        switch mode {
        case .relay: formatB = rtpmapB
        case .opus: formatB = "a=rtpmap:\(pt) opus/48000/2\r\n"
        case .g729: formatB = "a=rtpmap:\(pt) G729/8000\r\na=fmtp:\(pt) annexb=no\r\n"
        }
        let answer: [(String, Bencode)] = [
            ("command", .string("answer")), ("call-id", .string("bench-\(call)")), ("from-tag", .string("a\(call)")),
            ("to-tag", .string("b\(call)")), ("sdp", .string(sdp(sockets[call * 2 + 1].port, "\(pt)", formatB))),
            ("replace", .list([.string("origin"), .string("session-connection")])), ("ICE", .string("remove")),
        ]
        guard let answered = ng.request(.dictionary(answer)), answered["result"] == "ok",
            let answerSDP = answered["sdp"], let toA = sdpMedia(answerSDP, encoding: "PCMA"),
            toA.payloadType == 8
        else {
            setupError = "answer \(call) failed"
            break
        }
        destinations.append((toA.port, toB.port))
    }
    if let setupError { throw BenchError.setup(setupError) }
    return try measure(process: process, idle: idle, sockets: sockets, destinations: destinations, payloadTypeB)
}

enum BenchError: Error { case setup(String) }

/// Written by the sampler thread, read after `done`.
final class Samples: @unchecked Sendable {
    var first: ProcessSample?
    var last: ProcessSample?
    var wallStart: Int64 = 0
    var wallEnd: Int64 = 0
    let done = DispatchSemaphore(value: 0)
}

func measure(
    process: Process, idle: ProcessSample?, sockets: [(fd: Int32, port: UInt16)], destinations: [(a: Int, b: Int)],
    _ payloadTypeB: UInt8
) throws -> StepFigures {
    let pid = process.processIdentifier
    let samples = Samples()
    let load = runLoad(
        sockets: sockets, destinations: destinations, payloadTypeB: payloadTypeB,
        onWindowStart: {
            samples.first = ProcessSample.read(pid: pid)
            samples.wallStart = monotonicNanoseconds()
        },
        onWindowEnd: {
            samples.last = ProcessSample.read(pid: pid)
            samples.wallEnd = monotonicNanoseconds()
            samples.done.signal()
        })
    samples.done.wait()
    let (first, last, wallStart, wallEnd) = (samples.first, samples.last, samples.wallStart, samples.wallEnd)
    guard let first, let last, let idle else { throw BenchError.setup("could not read /proc for the SUT") }
    let calls = destinations.count
    let window = Double(wallEnd - wallStart) / 1e9
    let cpu = (last.cpuSeconds - first.cpuSeconds) / window
    let late =
        load.lateness.isEmpty
        ? 1 : Double(load.lateness.filter { Double($0) / 1e6 > lateMs }.count) / Double(load.lateness.count)
    let delivered = Double(load.receivedInWindow) / Double(max(load.sentInWindow, 1))
    let perCore = cpu > 0 ? Double(calls) / cpu : .infinity
    let rssPerCall = Double(last.rssKiB - idle.rssKiB) / Double(calls)
    let generatorLate = percentile(load.sendLateness, 0.99) > 5
    let broken = late > 0.01 || delivered < 0.98 || generatorLate
    let saturated = cpu >= 0.95
    let loadAverage =
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
    let columns: [String] = [
        "ROW", target, mode.rawValue, "\(calls)", String(format: "%.0f", Double(load.receivedInWindow) / window),
        String(format: "%.2f %%", late * 100), String(format: "%.1f", percentile(load.lateness, 0.99)),
        String(format: "%.1f %%", delivered * 100), String(format: "%.0f %%", cpu * 100),
        String(format: "%.0f", perCore), String(format: "%.1f", rssPerCall),
        String(format: "%.2f/%.1f", percentile(load.sendLateness, 0.99), percentile(load.sendLateness, 1)),
        "\(load.sendErrors)", String(loadAverage),
        generatorLate
            ? "generator late (no verdict)"
            : late > 0.01 || delivered < 0.98
                ? "cadence broken" : saturated ? "core saturated" : "held",
    ]
    print(columns.joined(separator: " | "))
    fflush(nil)
    return StepFigures(broken: broken, saturated: saturated)
}

print(
    "# media-bench \(target) \(mode.title): \(warmupSeconds) s warm-up + \(measureSeconds) s measured per step, "
        + "late = > \(lateMs) ms behind the 20 ms schedule; SUT pinned to CPU \(sutCPU)")
print(
    "# columns: target | mode | calls | output pkt/s | late share | p99 lateness ms | delivered | SUT CPU (of one core)"
        + " | calls/core | RSS KiB/call | generator send lateness p99/max ms | send errors | loadavg | verdict")
fflush(nil)
for calls in steps {
    do {
        var figures = try runStep(calls: calls)
        if figures.broken, !figures.saturated {
            // A stall of the shared machine (steal time, a build beside us) can break one step: run it once more.
            print("# \(target) \(mode.rawValue) \(calls) calls: cadence broke below saturation, running the step again")
            figures = try runStep(calls: calls)
        }
        if figures.broken || figures.saturated { break }
    } catch {
        print("# \(target) \(mode.rawValue) \(calls) calls: \(error)")
        break
    }
}
