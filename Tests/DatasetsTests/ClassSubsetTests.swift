import Datasets
import Tensors
import XCTest

final class ClassSubsetTests: XCTestCase {
    func testKeepsOnlyTheClassesAndRelabelsThemInOrder() {
        let data = Fixtures.tensorDataset(count: 40, height: 2, width: 2)   // label i mod 10
        let subset = ClassSubset(data, classes: [7, 5, 9])
        XCTAssertEqual(subset.count, 12)
        XCTAssertEqual(subset.indices, (0..<40).filter { [5, 7, 9].contains($0 % 10) })
        for k in 0..<subset.count {
            let original = data.label(at: subset.indices[k])
            XCTAssertEqual(subset.label(at: k), [7, 5, 9].firstIndex(of: original)!)
            // The image is the parent's, and sample(at:) gives the new label too.
            let (image, label) = subset[k]
            XCTAssertEqual(image.scalars, data[subset.indices[k]].image.scalars)
            XCTAssertEqual(label, subset.label(at: k))
        }
        XCTAssertEqual(Set(subset.labels), [0, 1, 2])
    }

    func testLoaderBatchesCarryTheNewLabels() {
        let data = Fixtures.tensorDataset(count: 30, height: 1, width: 1)
        let subset = ClassSubset(data, classes: [5, 6, 7, 8, 9])
        let labels = DataLoader(subset, batchSize: 4).flatMap(\.labels)
        XCTAssertEqual(labels, (0..<30).filter { $0 % 10 >= 5 }.map { $0 % 10 - 5 })
    }

    func testBalancedSplitPicksPerClassAndPartitions() {
        let data = ClassSubset(Fixtures.tensorDataset(count: 100, height: 1, width: 1), classes: [0, 1, 2, 3, 4])
        let (picked, rest) = balancedSplit(data, perClass: 3, numClasses: 5, generator: Generator(seed: 1))
        XCTAssertEqual(picked.count, 15)
        XCTAssertEqual(rest.count, data.count - 15)
        XCTAssertEqual(Set(picked.indices).union(rest.indices), Set(0..<data.count))
        XCTAssertTrue(Set(picked.indices).isDisjoint(with: rest.indices))
        for label in 0..<5 { XCTAssertEqual(picked.labels.filter { $0 == label }.count, 3) }
        XCTAssertEqual(picked.indices, picked.indices.sorted())
        // Seeded: the same seed picks the same samples, another seed other ones.
        XCTAssertEqual(balancedSplit(data, perClass: 3, numClasses: 5, generator: Generator(seed: 1)).picked.indices, picked.indices)
        XCTAssertNotEqual(balancedSplit(data, perClass: 3, numClasses: 5, generator: Generator(seed: 2)).picked.indices, picked.indices)
    }
}
