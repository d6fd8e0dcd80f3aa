// This file implements the Sobol' low-discrepancy sequence and its
// scrambling (doc.go, "Sobol' points").

package sensitivity

import (
	"math/bits"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// MaxSobolDim is the number of dimensions a Sobol sequence has direction
// numbers for: 80, enough for the Saltelli design of 40 factors.
const MaxSobolDim = len(joeKuo) + 1

// sobolBits is the number of binary digits of each coordinate. The
// sequence has 2^32 points.
const sobolBits = 32

// Sobol draws points of the Sobol' (1967) sequence in [0,1)^d, with the
// direction numbers of Joe and Kuo (2008), in Gray-code order (Antonov and
// Saleev 1979). It implements samplemv.Sampler: Sample fills a batch with
// the first rows of the sequence.
//
// The zero value is the plain sequence, which starts at the origin. An
// inverse CDF maps the origin to the lower end of each distribution,
// minus infinity for an unbounded one; the scrambled sequence avoids that.
type Sobol struct {
	// Src, if not nil, scrambles the sequence with a random linear matrix
	// scramble and a random digital shift (Matoušek 1998), drawn afresh
	// from Src for each call of Sample. Each scrambled point is uniform
	// on [0,1)^d and the points keep the net properties of the plain
	// sequence. Scrambled coordinates are the centres of cells of width
	// 2^-32, so never exactly 0 or 1.
	Src rand.Source
}

// Sample fills batch with the first r points of the d-dimensional
// sequence, r and d the rows and columns of batch. It panics if d exceeds
// MaxSobolDim or r exceeds 2^32.
func (s Sobol) Sample(batch *mat.Dense) {
	r, d := batch.Dims()
	if d > MaxSobolDim {
		panic("sensitivity: Sobol dimension exceeds MaxSobolDim")
	}
	if uint64(r) > 1<<sobolBits {
		panic("sensitivity: more than 2^32 Sobol points")
	}
	v := make([][sobolBits]uint32, d)
	for j := range v {
		v[j] = directions(j)
	}
	shift := make([]uint32, d)
	offset := 0.0
	if s.Src != nil {
		rnd := rand.New(s.Src)
		for j := range v {
			v[j] = scramble(v[j], rnd)
			shift[j] = rnd.Uint32()
		}
		offset = 0.5
	}
	x := shift
	for i := 0; i < r; i++ {
		if i > 0 {
			// Gray-code order: point i differs from point i-1 by the
			// direction number of the lowest zero bit of i-1.
			c := bits.TrailingZeros32(uint32(i))
			for j := range x {
				x[j] ^= v[j][c]
			}
		}
		for j, xj := range x {
			batch.Set(i, j, (float64(xj)+offset)/(1<<sobolBits))
		}
	}
}

// directions returns the direction numbers v_1..v_32 of dimension j
// (0-based), v_k = m_k 2^(32-k), by the recurrence of Bratley and Fox
// (1988) on the primitive polynomial x^s + a_1 x^(s-1) + ... + 1:
//
//	m_k = 2 a_1 m_(k-1) ⊕ 4 a_2 m_(k-2) ⊕ ... ⊕ 2^(s-1) a_(s-1) m_(k-s+1) ⊕ 2^s m_(k-s) ⊕ m_(k-s).
func directions(j int) [sobolBits]uint32 {
	var v [sobolBits]uint32
	if j == 0 {
		for k := range v {
			v[k] = 1 << (sobolBits - 1 - k)
		}
		return v
	}
	e := joeKuo[j-1]
	s := int(e.s)
	for k := 0; k < s && k < sobolBits; k++ {
		v[k] = e.m[k] << (sobolBits - 1 - k)
	}
	for k := s; k < sobolBits; k++ {
		v[k] = v[k-s] ^ (v[k-s] >> s)
		for i := 1; i < s; i++ {
			if (e.a>>(s-1-i))&1 == 1 {
				v[k] ^= v[k-i]
			}
		}
	}
	return v
}

// scramble applies a random lower-triangular binary matrix with unit
// diagonal to the digits of each direction number: digit r of the new
// number (the most significant first) is digit r of the old one plus a
// random combination of the more significant digits, modulo 2. Because a
// digit depends only on digits before it, elementary intervals map to
// elementary intervals and the net properties are kept (Matoušek 1998).
func scramble(v [sobolBits]uint32, rnd *rand.Rand) [sobolBits]uint32 {
	var rows [sobolBits]uint32
	for r := range rows {
		own := uint32(1) << (sobolBits - 1 - r)
		higher := ^(own<<1 - 1) // digits before digit r; none for r = 0, where own<<1 wraps to 0
		rows[r] = rnd.Uint32()&higher | own
	}
	var out [sobolBits]uint32
	for k, vk := range v {
		var w uint32
		for r, row := range rows {
			w |= uint32(bits.OnesCount32(row&vk)&1) << (sobolBits - 1 - r)
		}
		out[k] = w
	}
	return out
}
