// Plot: matplotlib-like figures drawn with Cairo, for the course's PNG figures.
//
//     let figure = Figure(width: 640, height: 420)          // points; PNG at 2x
//     let ax = figure.ax                                      // or figure[row, column]
//     ax.plot(x: epochs, y: trainLoss, label: "train")
//     ax.plot(x: epochs, y: valLoss, label: "val", dash: .dashed)
//     ax.yscale = .log
//     ax.xlabel = "epoch"; ax.ylabel = "loss"; ax.title = "σ^2_Ω = 10^{-3}"
//     ax.legend()                                             // .best avoids the data
//     try figure.savePNG(to: url)                             // url.png + url.csv, atomically
//
// Files: Figure (layout, rendering), Figure+Output (PNG, saving, reading PNGs),
// Figure+CSV (the data beside each PNG), Axes (limits, ticks, margins),
// Axes+Draw, Axes+Plotting (plot, scatter, bar, fillBetween, axhline/axvline),
// Axes+Fields (contourf, contour, imshow), ImageArtist (images, colour bars),
// FieldArtist (bands, marching squares), DiagramArtists (circle, line, arrow,
// box, text, annotate), Axes+Legend, Painter (cairo, rich text), RichText
// (the ^ _ {} markup), Ticks, Color, Colormap.
//
// Style: seaborn "whitegrid"/"notebook"-like: white background, light grey grid,
// the "deep" palette, DejaVu Sans, tick labels 10 pt, labels 11 pt, titles 12 pt.
