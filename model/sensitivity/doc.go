// Package sensitivity designs the model runs of a global sensitivity
// analysis and estimates, from their outputs, which parameters drive the
// answer: Morris screening, Sobol' indices and the share of stochastic
// noise.
//
// The package knows no model. A design is a list of points in the unit
// hypercube [0,1]^k, one row per run; the caller maps each coordinate to a
// parameter value, by the parameter's inverse CDF, runs the model and
// hands the outputs back in row order. A coordinate is then a quantile,
// and effects are per unit of quantile: comparable across parameters with
// different units.
//
// # Morris screening
//
// [Morris] (Morris 1991) builds r trajectories on a grid of p levels
// {0, 1/(p−1), ..., 1}. A trajectory starts at a random grid point x* with
// x*_i ≤ 1−Δ and moves each of the k factors once, in random order, by
// Δ = p/(2(p−1)), up or down at random; that is k+1 runs. The elementary
// effect of factor i is
//
//	EE_i = (y(x + Δ e_i) − y(x)) / Δ.
//
// Over the r trajectories, [Effect] reports μ (the mean of EE_i), μ* (the
// mean of |EE_i|, Campolongo et al. 2007) and σ (their standard deviation).
// Rank factors by μ*; μ alone misses factors whose effects change sign. A
// large σ means the effect of the factor depends on where it is measured:
// it is non-linear or interacts with other factors. A factor with μ* near
// 0 can be fixed at any value. An interval for μ* comes from resampling
// trajectories. The design costs r(k+1) runs: with the defaults r = 10 and
// p = 4, 10(k+1).
//
// Morris's grid includes 0 and 1, which an inverse CDF maps to infinity
// for an unbounded distribution; [Morris.Midpoints] puts the levels at the
// midpoints of p equal-probability strata instead.
//
// Trajectories are drawn at random; the selection of well-spread
// trajectories from many candidates of Campolongo et al. (2007) is not
// implemented.
//
// # Sobol' indices
//
// [Saltelli] estimates the first-order index S_i = V(E(Y|X_i))/V(Y) and the
// total index S_Ti = E(V(Y|X_~i))/V(Y) of each factor (Sobol' 1993; Homma
// and Saltelli 1996). The design (Saltelli et al. 2010) takes two N×k
// matrices A and B of base points and, for each factor i, the matrix
// A_B^(i): A with column i from B. The model runs at every row of A, B and
// the k matrices A_B^(i): N(k+2) runs ([RunsNeeded]). Then
//
//	S_i  = (1/N) Σ_j f(B)_j (f(A_B^(i))_j − f(A)_j) / V(Y)     Saltelli et al. (2010)
//	S_Ti = (1/2N) Σ_j (f(A)_j − f(A_B^(i))_j)² / V(Y)         Jansen (1999)
//
// with V(Y) the variance of the 2N outputs at A and B. These are the
// estimators Saltelli et al. (2010, table 2) recommend for first-order and
// total effects. S_i ≤ S_Ti; Σ S_i ≤ 1, with equality for an additive
// model; S_Ti − S_i is the part of the factor's effect that comes through
// interactions.
//
// The estimators are unbiased but not bounded: a factor with no effect
// gets an index scattered around 0, and so sometimes below it. A negative
// index is that noise; [Interval.CoversZero] says whether an estimate can
// be told from zero at this N.
//
// # Sobol' points
//
// A and B are the two halves of one 2k-dimensional low-discrepancy
// sequence: the Sobol' (1967) sequence with the direction numbers of Joe
// and Kuo (2008, the file new-joe-kuo-6.21201), in Gray-code order
// (Antonov and Saleev 1979), as Saltelli et al. (2010) advise. [Sobol]
// carries the direction numbers of the first 80 dimensions, so the default
// design takes up to 40 factors; beyond that, or by choice, another
// samplemv.Sampler (such as samplemv.LatinHypercube) can supply the base
// points. Sobol' points estimate the integrals behind the indices with an
// error close to O(1/N) rather than the O(1/√N) of random points, so a
// given precision takes far fewer model runs.
//
// The points are scrambled (Matoušek 1998: a random lower-triangular
// binary matrix on the digits, then a random digital shift). Scrambling
// keeps the low discrepancy, makes each point uniform on the cube, so
// estimates are unbiased and independent scramblings give independent
// replicates, and keeps points off the faces of the cube, where an inverse
// CDF of an unbounded distribution is infinite. The tests check the
// primitive polynomials, the stratification of every dimension and the
// integration error.
//
// # Confidence intervals
//
// Intervals are bootstrap percentile intervals (Efron and Tibshirani 1993,
// ch. 13; Archer et al. 1997 for Sobol' indices): B = 1000 resamples by
// default, drawing base points (for Sobol' indices, blocks of k+2 runs) or
// trajectories (for Morris) with replacement, and taking the (1−c)/2 and
// (1+c)/2 quantiles of the re-estimated indices. Their width shrinks as
// 1/√N. The bootstrap treats the points as independent. Sobol' points are
// not, and once N is large their error shrinks faster than 1/√N, so the
// intervals overstate it: on the Ishigami function the intervals cover
// the truth about 95% of the time at N = 256, while at N = 4096 they are
// two to seven times as wide as the actual error needs.
//
// # Stochastic noise
//
// The model is stochastic: the same parameters give different outputs. With
// R replications at each design point, [SplitNoise] splits the variance by
// the law of total variance into the part the parameters explain and the
// stochastic part within a point, and returns the point means. Compute the
// indices on the means; [Noise.MeanShare] is the share of their variance
// that is still noise, which the indices cannot attribute to any factor.
//
// # References
//
//   - Antonov, I. A., and Saleev, V. M. (1979). An economic method of computing LPτ-sequences. USSR Computational Mathematics and Mathematical Physics 19(1), 252–256.
//   - Archer, G. E. B., Saltelli, A., and Sobol', I. M. (1997). Sensitivity measures, ANOVA-like techniques and the use of bootstrap. Journal of Statistical Computation and Simulation 58(2), 99–120.
//   - Bratley, P., and Fox, B. L. (1988). Algorithm 659: Implementing Sobol's quasirandom sequence generator. ACM Transactions on Mathematical Software 14(1), 88–100.
//   - Campolongo, F., Cariboni, J., and Saltelli, A. (2007). An effective screening design for sensitivity analysis of large models. Environmental Modelling & Software 22(10), 1509–1518.
//   - Efron, B., and Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
//   - Homma, T., and Saltelli, A. (1996). Importance measures in global sensitivity analysis of nonlinear models. Reliability Engineering & System Safety 52(1), 1–17.
//   - Ishigami, T., and Homma, T. (1990). An importance quantification technique in uncertainty analysis for computer models. Proceedings of ISUMA '90, 398–403.
//   - Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer Physics Communications 117(1–2), 35–43.
//   - Joe, S., and Kuo, F. Y. (2008). Constructing Sobol sequences with better two-dimensional projections. SIAM Journal on Scientific Computing 30(5), 2635–2654.
//   - Matoušek, J. (1998). On the L2-discrepancy for anchored boxes. Journal of Complexity 14(4), 527–556.
//   - Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments. Technometrics 33(2), 161–174.
//   - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., and Tarantola, S. (2010). Variance based sensitivity analysis of model output. Design and estimator for the total sensitivity index. Computer Physics Communications 181(2), 259–270.
//   - Searle, S. R., Casella, G., and McCulloch, C. E. (1992). Variance Components. Wiley.
//   - Sobol', I. M. (1967). On the distribution of points in a cube and the approximate evaluation of integrals. USSR Computational Mathematics and Mathematical Physics 7(4), 86–112.
//   - Sobol', I. M. (1993). Sensitivity estimates for nonlinear mathematical models. Mathematical Modelling and Computational Experiments 1(4), 407–414.
package sensitivity
