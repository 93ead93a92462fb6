package learn

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"github.com/ebm-av/ebm_av/ebm/metrics"
)

// WriteReliabilityPNG draws a reliability diagram to path: for each
// confidence bin a bar of the accuracy before calibration (light red,
// left half) and after (blue, right half), with the diagonal of perfect
// calibration in grey. Axes run from 0 to 1; empty bins have no bar.
func WriteReliabilityPNG(path string, before, after []metrics.Bin) error {
	const size, margin = 400, 20
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	fill(img, img.Bounds(), color.RGBA{255, 255, 255, 255})
	plot := size - 2*margin
	toX := func(v float64) int { return margin + int(v*float64(plot)) }
	toY := func(v float64) int { return size - margin - int(v*float64(plot)) }
	bars := func(bins []metrics.Bin, left bool, c color.RGBA) {
		for _, b := range bins {
			if b.Count == 0 {
				continue
			}
			x0, x1 := toX(b.Lower), toX(b.Upper)
			mid := (x0 + x1) / 2
			if left {
				x1 = mid
			} else {
				x0 = mid
			}
			fill(img, image.Rect(x0+1, toY(b.Accuracy), x1-1, toY(0)), c)
		}
	}
	bars(before, true, color.RGBA{240, 150, 150, 255})
	bars(after, false, color.RGBA{60, 100, 220, 255})
	grey := color.RGBA{120, 120, 120, 255}
	for i := 0; i <= plot; i++ {
		img.Set(margin+i, size-margin-i, grey)
		img.Set(margin+i, size-margin, color.Black)
		img.Set(margin, size-margin-i, color.Black)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("learn: reliability diagram: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("learn: reliability diagram %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("learn: reliability diagram %s: %w", path, err)
	}
	return nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}
