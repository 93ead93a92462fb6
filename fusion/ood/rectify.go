package ood

// RectifiedPoints maps LiDAR (x, y, z, reflectance) quadruples into the
// rectified camera frame, X_rect = R_rect·(R·X + t), where ext is the 3×4
// row-major extrinsic [R | t] and rect the 3×3 row-major rectification.
// Reflectance is copied unchanged.
func RectifiedPoints(points []float32, ext [12]float64, rect [9]float64) []float32 {
	var m [12]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			m[4*i+j] = rect[3*i]*ext[j] + rect[3*i+1]*ext[4+j] + rect[3*i+2]*ext[8+j]
		}
	}
	out := make([]float32, len(points)/4*4)
	for i := 0; i+3 < len(points); i += 4 {
		x, y, z := float64(points[i]), float64(points[i+1]), float64(points[i+2])
		out[i] = float32(m[0]*x + m[1]*y + m[2]*z + m[3])
		out[i+1] = float32(m[4]*x + m[5]*y + m[6]*z + m[7])
		out[i+2] = float32(m[8]*x + m[9]*y + m[10]*z + m[11])
		out[i+3] = points[i+3]
	}
	return out
}
