import XCTest
@testable import Tensors

final class OpenBLASCoreTests: XCTestCase {
    let avx2: Set<String> = ["sse3", "avx", "avx2", "fma"]
    let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"]

    func testGenericCoreOnAnAVX2MachineReexecutesWithHaswell() {
        XCTAssertEqual(OpenBLASCore.decide(core: "Prescott", environment: [:], cpuFlags: avx2), .reexecute(core: "Haswell"))
        XCTAssertEqual(OpenBLASCore.decide(core: "Prescott", environment: [:], cpuFlags: avx512), .reexecute(core: "SkylakeX"))
    }

    func testNeverOverridesTheUser() {
        guard case .keep(let reason) = OpenBLASCore.decide(core: "Prescott", environment: ["OPENBLAS_CORETYPE": "Prescott"],
                                                           cpuFlags: avx2) else { return XCTFail("must keep the user's choice") }
        XCTAssertTrue(reason.contains("set by the user"))
    }

    func testNeverLoops() {
        // After one re-execution the marker is set: whatever the core, keep it.
        let env = ["OPENBLAS_CORETYPE": "Haswell", OpenBLASCore.reexecMarker: "Prescott"]
        guard case .keep = OpenBLASCore.decide(core: "Prescott", environment: env, cpuFlags: avx2) else {
            return XCTFail("a re-executed process must not re-execute again")
        }
    }

    func testOptimisedCoresAndOldCPUsAreLeftAlone() {
        guard case .keep = OpenBLASCore.decide(core: "Zen", environment: [:], cpuFlags: avx2) else { return XCTFail() }
        guard case .keep = OpenBLASCore.decide(core: "Haswell", environment: [:], cpuFlags: avx2) else { return XCTFail() }
        guard case .keep = OpenBLASCore.decide(core: "Prescott", environment: [:], cpuFlags: ["sse3"]) else { return XCTFail() }
    }
}
