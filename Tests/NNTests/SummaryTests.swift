import XCTest
import NN
import Tensors

/// Expected tables are torchinfo 1.8's output for the same PyTorch models.
final class SummaryTests: XCTestCase {
    func testSeedNetMatchesTorchinfo() {
        let expected = """
        ==========================================================================================
        Layer (type:depth-idx)                   Output Shape              Param #
        ==========================================================================================
        SeedNet                                  [5, 2]                    --
        ├─Sequential: 1-1                        [5, 2]                    --
        │    └─Linear: 2-1                       [5, 4]                    16
        │    └─ReLU: 2-2                         [5, 4]                    --
        │    └─Linear: 2-3                       [5, 2]                    10
        │    └─ReLU: 2-4                         [5, 2]                    --
        │    └─Linear: 2-5                       [5, 3]                    9
        │    └─ReLU: 2-6                         [5, 3]                    --
        │    └─Linear: 2-7                       [5, 2]                    8
        ==========================================================================================
        Total params: 43
        Trainable params: 43
        Non-trainable params: 0
        Total mult-adds (M): 0.00
        ==========================================================================================
        Input size (MB): 0.00
        Forward/backward pass size (MB): 0.00
        Params size (MB): 0.00
        Estimated Total Size (MB): 0.00
        ==========================================================================================
        """
        XCTAssertEqual(summary(SeedNet(), inputShape: [5, 3]).description, expected)
    }

    func testFashionClassifierNumbers() {
        // torchinfo for the seed's Classifier(D=196) on x of shape [1024, 1, 28, 28].
        let s = summary(Classifier(hidden: 196), inputShape: [1024, 1, 28, 28])
        XCTAssertEqual(s.totalParameters, 155_830)
        XCTAssertEqual(s.multAdds, 1024 * 155_830)
        let text = s.description
        for line in ["Total params: 155,830", "Total mult-adds (M): 159.57", "Input size (MB): 3.21",
                     "Forward/backward pass size (MB): 1.69", "Params size (MB): 0.62",
                     "Estimated Total Size (MB): 5.52", "│    └─Linear: 2-1                       [1024, 196]               153,860"] {
            XCTAssertTrue(text.contains(line), "missing line: \(line)\n\(text)")
        }
    }

    func testFrozenLayerShowsInParentheses() {
        let net = Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
        (net[0] as! Linear).requiresGrad(false)
        let s = summary(net, inputShape: [2, 3])
        XCTAssertEqual(s.trainableParameters, 10)
        XCTAssertEqual(s.nonTrainableParameters, 16)
        XCTAssertTrue(s.description.contains("(16)"))
    }
}

final class SummaryWidthTests: XCTestCase {
    /// torchinfo's `col_width=18`: the same table, narrow enough for an 80-column screen.
    func testNarrowColumnWidthFitsEightyColumns() {
        let text = summary(SeedNet(), inputShape: [5, 3], colWidth: 18).description
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.map(\.count).max(), 69, text)
        XCTAssertTrue(lines.contains("│    └─Linear: 2-1                [5, 4]             16"), text)
    }
}
