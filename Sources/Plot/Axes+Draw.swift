import CCairo
import Foundation

extension Axes {
    /// Draws the whole panel; `resolve` must have run for the final box.
    func draw(painter: Painter, deviceScale: Double) {
        guard let r = resolved else { return }
        let box = r.transform.box
        let context = DrawContext(painter: painter, transform: r.transform, deviceScale: deviceScale)

        if grid { drawGrid(painter: painter, resolved: r) }

        for artist in artists {
            painter.save()
            if artist.clipped { painter.clip(to: box) }
            artist.draw(context)
            painter.restore()
        }

        if axisVisible {
            painter.setColor(Theme.spineColor)
            painter.setLine(width: 1, dash: .solid)
            cairo_set_line_cap(painter.cr, CAIRO_LINE_CAP_SQUARE)
            cairo_rectangle(painter.cr, box.minX, box.minY, box.width, box.height)
            cairo_stroke(painter.cr)
            drawTickLabels(painter: painter, resolved: r)
        }
        drawLabels(painter: painter, resolved: r)
        if let colorbar { drawColorbar(colorbar, painter: painter, plotBox: box, deviceScale: deviceScale) }
        if let legendLocation { drawLegend(location: legendLocation, painter: painter, transform: r.transform) }
    }

    private func drawGrid(painter: Painter, resolved r: Resolved) {
        let box = r.transform.box
        let xCategorical = categories != nil
        // Crisp 1-device-pixel-aligned lines are not needed at 2x; plain strokes look even.
        painter.setLine(width: 0.6, dash: .solid)
        painter.setColor(Theme.minorGridColor)
        if !xCategorical { for v in r.xTicks.minor { let x = r.transform.x(v); painter.strokeLine(x, box.minY, x, box.maxY) } }
        for v in r.yTicks.minor { let y = r.transform.y(v); painter.strokeLine(box.minX, y, box.maxX, y) }
        painter.setLine(width: 0.8, dash: .solid)
        painter.setColor(Theme.gridColor)
        if !xCategorical { for v in r.xTicks.major { let x = r.transform.x(v); painter.strokeLine(x, box.minY, x, box.maxY) } }
        for v in r.yTicks.major { let y = r.transform.y(v); painter.strokeLine(box.minX, y, box.maxX, y) }
    }

    private func drawTickLabels(painter: Painter, resolved r: Resolved) {
        let box = r.transform.box
        for (value, label) in zip(r.yTicks.major, r.yTicks.labels) {
            painter.drawText(label, at: (box.minX - Theme.tickPad, r.transform.y(value)), size: Theme.tickSize,
                             .right, .center, color: Theme.tickLabelColor)
        }
        let y = box.maxY + Theme.tickPad
        for (value, label) in zip(r.xTicks.major, r.xTicks.labels) {
            let x = r.transform.x(value)
            if r.xRotation == 0 {
                painter.drawText(label, at: (x, y), size: Theme.tickSize, .center, .top, color: Theme.tickLabelColor)
            } else {
                painter.drawText(label, at: (x, y), size: Theme.tickSize, .right, .top,
                                 rotation: -r.xRotation * .pi / 180, color: Theme.tickLabelColor)
            }
        }
        // Short tick marks for minor log ticks, so the scale reads as logarithmic even without a grid.
        painter.setColor(Theme.spineColor)
        painter.setLine(width: 0.8, dash: .solid)
        for v in r.yTicks.minor { let yy = r.transform.y(v); painter.strokeLine(box.minX - 2.5, yy, box.minX, yy) }
        if categories == nil { for v in r.xTicks.minor { let xx = r.transform.x(v); painter.strokeLine(xx, box.maxY, xx, box.maxY + 2.5) } }
    }

    private func drawLabels(painter: Painter, resolved r: Resolved) {
        let box = r.transform.box
        if let title = titleText, !title.isEmpty {
            var top = box.minY
            if axisVisible, let highest = r.yTicks.major.map({ r.transform.y($0) - Theme.tickSize * 0.6 }).min() {
                top = min(top, highest)
            }
            painter.drawText(title, at: (box.midX, top - Theme.titlePad), size: Theme.titleSize, .center, .bottom)
        }
        if let xlabel = xlabelText, !xlabel.isEmpty {
            var y = box.maxY
            if axisVisible { y = xTickLabelBoxes(painter: painter, resolved: r).map(\.maxY).max() ?? box.maxY + Theme.tickPad }
            painter.drawText(xlabel, at: (box.midX, y + Theme.labelPad), size: Theme.labelSize, .center, .top)
        }
        if let ylabel = ylabelText, !ylabel.isEmpty {
            var x = box.minX
            if axisVisible {
                let widest = r.yTicks.labels.map { painter.measure($0, size: Theme.tickSize).width }.max() ?? 0
                x -= widest + Theme.tickPad
            }
            painter.drawText(ylabel, at: (x - Theme.labelPad, box.midY), size: Theme.labelSize, .center, .bottom,
                             rotation: -.pi / 2)
        }
    }
}
