package learn

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"github.com/ebm-av/ebm_av/ebm/metrics"
)

// ReliabilityPanel is one method's reliability bins before and after
// temperature scaling.
type ReliabilityPanel struct {
	Before, After []metrics.Bin
}

// WriteReliabilityPNG draws one reliability diagram per panel, side by
// side, to path. Each plots, for every confidence bin, the accuracy before
// calibration (light red, left half of the bin) and after (blue, right
// half) against the grey diagonal of perfect calibration. Both axes run
// from 0 to 1 with ticks every 0.1; empty bins have no bar.
func WriteReliabilityPNG(path string, panels []ReliabilityPanel) error {
	const size, margin = 400, 20
	img := image.NewRGBA(image.Rect(0, 0, size*len(panels), size))
	fill(img, img.Bounds(), color.RGBA{255, 255, 255, 255})
	for p, panel := range panels {
		drawPanel(img, p*size, size, margin, panel)
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

func drawPanel(img *image.RGBA, left, size, margin int, panel ReliabilityPanel) {
	plot := size - 2*margin
	toX := func(v float64) int { return left + margin + int(v*float64(plot)) }
	toY := func(v float64) int { return size - margin - int(v*float64(plot)) }
	bars := func(bins []metrics.Bin, first bool, c color.RGBA) {
		for _, b := range bins {
			if b.Count == 0 {
				continue
			}
			x0, x1 := toX(b.Lower), toX(b.Upper)
			mid := (x0 + x1) / 2
			if first {
				x1 = mid
			} else {
				x0 = mid
			}
			fill(img, image.Rect(x0+1, toY(b.Accuracy), x1-1, toY(0)), c)
		}
	}
	bars(panel.Before, true, color.RGBA{240, 150, 150, 255})
	bars(panel.After, false, color.RGBA{60, 100, 220, 255})
	grey := color.RGBA{120, 120, 120, 255}
	for i := 0; i <= plot; i++ {
		img.Set(left+margin+i, size-margin-i, grey)
		img.Set(left+margin+i, size-margin, color.Black)
		img.Set(left+margin, size-margin-i, color.Black)
	}
	for k := 0; k <= 10; k++ {
		v := float64(k) / 10
		for d := 1; d <= 5; d++ {
			img.Set(toX(v), size-margin+d, color.Black)
			img.Set(left+margin-d, toY(v), color.Black)
		}
	}
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}
