package nn

// activate writes f(z) to a for every element, with the activation chosen
// once outside the loop.
func activate(act Activation, z, a []float64) {
	a = a[:len(z)]
	switch act {
	case Identity:
		copy(a, z)
	case ReLU:
		for i, v := range z {
			if v > 0 {
				a[i] = v
			} else {
				a[i] = 0
			}
		}
	default:
		for i, v := range z {
			a[i] = act.apply(v)
		}
	}
}

// scaleByDerivative multiplies d by f′(z) elementwise, given a = f(z).
func scaleByDerivative(act Activation, z, a, d []float64) {
	z, a = z[:len(d)], a[:len(d)]
	switch act {
	case Identity:
	case ReLU:
		for i, v := range z {
			if !(v > 0) {
				d[i] = 0
			}
		}
	default:
		for i := range d {
			d[i] *= act.derivative(z[i], a[i])
		}
	}
}
