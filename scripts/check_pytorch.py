"""PyTorch itself reads our checkpoints, and we read PyTorch's (run by scripts/check-pytorch.sh).

    python check_pytorch.py load  CHECKPOINT TEST_DIR MEAN   our file into the seed's Classifier:
                                                             strict load, same test accuracy
    python check_pytorch.py save  OUT TRAIN_DIR TEST_DIR     a Classifier trained one epoch by
                                                             PyTorch, saved; prints its accuracy
"""
import gzip
import sys

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn


class Classifier(nn.Module):
    """The seed notebook's Classifier(D), as it is written there."""

    def __init__(self, D):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(28 * 28, D), nn.ReLU(), nn.Linear(D, 10))

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        return self.layers(x)


def read(folder, split):
    images = gzip.open(f"{folder}/{split}-images-idx3-ubyte.gz").read()
    labels = gzip.open(f"{folder}/{split}-labels-idx1-ubyte.gz").read()
    x = np.frombuffer(images, np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    return torch.from_numpy(x), torch.from_numpy(np.frombuffer(labels, np.uint8, offset=8).astype(np.int64))


def mean_class_accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        predicted = model(x).argmax(dim=1)
    return 100 * float(np.mean([(predicted[y == c] == c).float().mean() for c in range(10)]))


def main():
    mode = sys.argv[1]
    if mode == "load":
        checkpoint, test_dir, expected = sys.argv[2], sys.argv[3], float(sys.argv[4])
        state = load_file(checkpoint)
        model = Classifier(D=state["layers.0.weight"].shape[0])
        model.load_state_dict(state, strict=True)
        accuracy = mean_class_accuracy(model, *read(test_dir, "t10k"))
        print(f"PyTorch: mean_accuracy {accuracy:.2f} % (the lesson printed {expected:.2f} %)")
        sys.exit(0 if abs(accuracy - expected) <= 0.011 else 1)
    if mode == "save":
        out, data_dir = sys.argv[2], sys.argv[3]
        torch.manual_seed(0)
        model = Classifier(D=196)
        x, y = read(data_dir, "train")
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model.train()
        for start in range(0, len(x), 1000):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x[start:start + 1000]), y[start:start + 1000]).backward()
            optimizer.step()
        save_file({k: v.contiguous() for k, v in model.state_dict().items()}, out)
        print(f"{mean_class_accuracy(model, *read(data_dir, 't10k')):.2f}")
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
