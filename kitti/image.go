package kitti

import (
	"fmt"
	"image"
	"image/png"
	"os"
)

// Gray is a single-channel image with intensities in [0, 1], stored row by
// row: pixel (u, v) with column u and row v is Pix[v*Width+u].
type Gray struct {
	Width, Height int
	Pix           []float32
}

// ReadImage decodes a PNG image (image_2/NNNNNN.png) and converts it to
// luminance with the ITU-R BT.601 weights.
func ReadImage(path string) (*Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kitti: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("kitti: %s: decode PNG: %w", path, err)
	}
	return ToGray(img), nil
}

// ToGray converts img to luminance in [0, 1].
func ToGray(img image.Image) *Gray {
	b := img.Bounds()
	g := &Gray{Width: b.Dx(), Height: b.Dy(), Pix: make([]float32, b.Dx()*b.Dy())}
	switch src := img.(type) {
	case *image.RGBA:
		for v := 0; v < g.Height; v++ {
			row := src.Pix[v*src.Stride:]
			for u := 0; u < g.Width; u++ {
				r, gg, bb := row[4*u], row[4*u+1], row[4*u+2]
				g.Pix[v*g.Width+u] = (0.299*float32(r) + 0.587*float32(gg) + 0.114*float32(bb)) / 255
			}
		}
	case *image.Gray:
		for v := 0; v < g.Height; v++ {
			row := src.Pix[v*src.Stride:]
			for u := 0; u < g.Width; u++ {
				g.Pix[v*g.Width+u] = float32(row[u]) / 255
			}
		}
	default:
		for v := 0; v < g.Height; v++ {
			for u := 0; u < g.Width; u++ {
				r, gg, bb, _ := img.At(b.Min.X+u, b.Min.Y+v).RGBA()
				g.Pix[v*g.Width+u] = (0.299*float32(r) + 0.587*float32(gg) + 0.114*float32(bb)) / 65535
			}
		}
	}
	return g
}
