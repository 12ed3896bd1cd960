import XCTest
import Datasets
import NN
import Optim
import Tensors
import Training
import TestSupport

final class LoggerTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("logger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func testCRC32CKnownVectors() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
        // RFC 3720 (iSCSI) test vectors: 32 zero bytes and 32 0xFF bytes.
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        let crc: UInt32 = 0xE306_9283
        XCTAssertEqual(CRC32C.masked(Array("123456789".utf8)), ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }

    func testTFRecordFramingBytes() throws {
        let data: [UInt8] = [1, 2, 3]
        let framed = TFRecord.frame(data)
        XCTAssertEqual(framed.count, 8 + 4 + 3 + 4)
        XCTAssertEqual(Array(framed[0..<8]), [3, 0, 0, 0, 0, 0, 0, 0])
        let lengthCRC = CRC32C.masked([3, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(framed[8..<12]), [UInt8(lengthCRC & 0xFF), UInt8(lengthCRC >> 8 & 0xFF),
                                               UInt8(lengthCRC >> 16 & 0xFF), UInt8(lengthCRC >> 24)])
        XCTAssertEqual(Array(framed[12..<15]), data)
        let dataCRC = CRC32C.masked(data)
        XCTAssertEqual(Array(framed[15..<19]), [UInt8(dataCRC & 0xFF), UInt8(dataCRC >> 8 & 0xFF),
                                                UInt8(dataCRC >> 16 & 0xFF), UInt8(dataCRC >> 24)])
        XCTAssertEqual(try TFRecord.records(in: framed + TFRecord.frame([])), [data, []])
        var corrupt = framed
        corrupt[13] ^= 1
        XCTAssertThrowsError(try TFRecord.records(in: corrupt)) { XCTAssertTrue("\($0)".contains("byte 15"), "\($0)") }
    }

    func testEventProtobufBytes() {
        // Event{wall_time=1.5 (field 1, fixed64), step=300 (field 2, varint), summary (field 5)
        //   {value (field 1) {tag "a" (field 1), simple_value 0.25 (field 2, fixed32)}}}
        let bytes = EventProtobuf.scalars([("a", 0.25)], step: 300, wallTime: 1.5)
        var expected: [UInt8] = [0x09] + withUnsafeBytes(of: (1.5).bitPattern.littleEndian, Array.init)
        expected += [0x10, 0xAC, 0x02]  // 300 = 0b10_0101100 → AC 02
        let value: [UInt8] = [0x0A, 0x01, 0x61, 0x15] + withUnsafeBytes(of: Float(0.25).bitPattern.littleEndian, Array.init)
        expected += [0x2A, UInt8(value.count + 2), 0x0A, UInt8(value.count)] + value
        XCTAssertEqual(bytes, expected)
        let header = EventProtobuf.fileVersion(wallTime: 0)
        XCTAssertEqual(Array(header.suffix(15)), [0x1A, 13] + Array("brain.Event:2".utf8))
    }

    func testCSVLoggerWritesOneRowPerEpochWithHyperparameters() throws {
        let model = ToyClassifier(lr: 0.5)
        let logger = CSVLogger(saveDir: scratch, name: "runs")
        XCTAssertEqual(logger.logDirectory.lastPathComponent, "version_0")
        let trainer = Trainer(maxEpochs: 3, callbacks: [LearningRateMonitor()], loggers: [logger], enableProgressBar: false)
        try trainer.fit(model, train: DataLoader(toyDataset(64, seed: 1), batchSize: 16),
                        validation: DataLoader(toyDataset(32, seed: 2), batchSize: 16))
        let lines = try String(contentsOf: logger.metricsFile, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "epoch,step,lr-SGD,train/loss,val/acc,val/loss")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[3].hasPrefix("2,12,0.5,"), String(lines[3]))
        let valLoss = Double(lines[3].split(separator: ",")[5])!
        XCTAssertEqual(valLoss, trainer.history[2]["val/loss"]!)
        let hparams = try String(contentsOf: logger.logDirectory.appendingPathComponent("hparams.yaml"), encoding: .utf8)
        XCTAssertEqual(hparams, "lr: 0.5\nhidden: 16\n")
        // The next logger in the same place takes the next version.
        XCTAssertEqual(CSVLogger(saveDir: scratch, name: "runs").logDirectory.lastPathComponent, "version_1")
    }

    func testTensorBoardLoggerWritesFramedScalarEvents() throws {
        let logger = TensorBoardLogger(saveDir: scratch, name: "runs", version: 3, clock: { 1000 })
        try logger.logMetrics([("val/loss", 0.5), ("train/loss", 0.75)], step: 50, epoch: 0)
        try logger.logMetrics([("val/loss", 0.25)], step: 100, epoch: 1)
        try logger.finalize()
        let file = try XCTUnwrap(logger.eventFile)
        XCTAssertTrue(file.lastPathComponent.hasPrefix("events.out.tfevents.1000."), file.lastPathComponent)
        XCTAssertEqual(file.deletingLastPathComponent().lastPathComponent, "version_3")
        let records = try TFRecord.records(in: [UInt8](Data(contentsOf: file)))
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(records[0], EventProtobuf.fileVersion(wallTime: 1000))
        XCTAssertEqual(records[2], EventProtobuf.scalars([("val/loss", 0.25), ("epoch", 1)], step: 100, wallTime: 1000))
    }

    /// TensorBoard's own reader, when Python has the package (`pip install tensorboard`).
    func testTensorBoardReadsOurEventFile() throws {
        if let reason = Python.missing(["tensorboard.backend.event_processing.event_accumulator"]) {
            if Python.checksRequired { return XCTFail(reason) }
            throw XCTSkip(reason)
        }

        let model = ToyClassifier(lr: 0.5)
        let logger = TensorBoardLogger(saveDir: scratch)
        let trainer = Trainer(maxEpochs: 3, loggers: [logger], enableProgressBar: false)
        try trainer.fit(model, train: DataLoader(toyDataset(64, seed: 1), batchSize: 16),
                        validation: DataLoader(toyDataset(32, seed: 2), batchSize: 16))
        let script = """
        import sys
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
        acc = EventAccumulator(sys.argv[1]); acc.Reload()
        for tag in sorted(acc.Tags()["scalars"]):
            for e in acc.Scalars(tag):
                print(tag, e.step, repr(e.value))
        """
        let (status, output, errors) = try Python.run(script, arguments: [logger.logDirectory.path])
        XCTAssertEqual(status, 0, errors)
        let lines = output.split(separator: "\n").map { $0.split(separator: " ") }
        let valLoss = lines.filter { $0[0] == "val/loss" }
        XCTAssertEqual(valLoss.map { Int($0[1])! }, [4, 8, 12])
        for (line, record) in zip(valLoss, trainer.history) {
            XCTAssertEqual(Double(line[2])!, record["val/loss"]!, accuracy: 1e-6)
        }
        XCTAssertEqual(Set(lines.map { String($0[0]) }), ["epoch", "train/loss", "val/acc", "val/loss"])
    }
}
