;; Binary logistic loss and gradient over a block of rows, WebAssembly SIMD (f64x2).
;;
;; Hand-written; logistic-wasm-build.mjs assembles it with wabt's wat2wasm into
;; logistic-wasm-bytes.ts. Offsets are bytes. The rows are row-major with an even stride p
;; (the caller pads an odd feature count with a zero column and a zero weight), rows is a
;; multiple of 4 (the caller does the last few in JavaScript). It writes
;;   out[0..p) = Σ (σ(zᵢ) − yᵢ)·xᵢ,  out[p] = Σ (σ(zᵢ) − yᵢ),  out[p + 1] = Σ logloss(yᵢ, zᵢ)
;; with zᵢ = xᵢ·w + b: the numbers linear-kernels.ts's JavaScript pass computes, to rounding.
;;
;; Why this shape: four rows at a time, as the JavaScript pass, so every weight load feeds four
;; dot products and every gradient slot is loaded and stored once per four rows; the four z
;; go into two f64x2 for one call of exp, and the loss's log(1 + e) terms are summed as the log
;; of their running product, taken once per 256 rows. exp and log are fdlibm's (the same
;; reductions and minimax polynomials, error under 1 ulp), vectorised: WebAssembly has no
;; transcendental instruction. Measured on 80,000 × 20 rows, this pass is about 3× the speed of
;; the JavaScript one (the product of logs and the two-vector exp gained about a third).
(module
  (import "env" "memory" (memory 1))

  ;; exp(a) for a <= 0 (fdlibm's e_exp.c). a is clamped at -708, where exp is 3e-308: below
  ;; it the true value is smaller still and every use here (1 + e, e / (1 + e)) rounds alike.
  ;; Two vectors at once: two independent chains the CPU overlaps (and one call per four rows).
  (func $exp2 (param $a0 v128) (param $a1 v128) (result v128 v128)
    (local $k0 v128) (local $hi0 v128) (local $lo0 v128) (local $r0 v128) (local $t0 v128) (local $c0 v128) (local $y0 v128) (local $k1 v128) (local $hi1 v128) (local $lo1 v128) (local $r1 v128) (local $t1 v128) (local $c1 v128) (local $y1 v128)
    (local.set $a0 (f64x2.pmax (local.get $a0) (f64x2.splat (f64.const -708))))
    (local.set $a1 (f64x2.pmax (local.get $a1) (f64x2.splat (f64.const -708))))
    (local.set $k0 (f64x2.nearest (f64x2.mul (local.get $a0) (f64x2.splat (f64.const 1.44269504088896338700e+00)))))
    (local.set $k1 (f64x2.nearest (f64x2.mul (local.get $a1) (f64x2.splat (f64.const 1.44269504088896338700e+00)))))
    (local.set $hi0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $k0) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
    (local.set $hi1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $k1) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
    (local.set $lo0 (f64x2.mul (local.get $k0) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
    (local.set $lo1 (f64x2.mul (local.get $k1) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
    (local.set $r0 (f64x2.sub (local.get $hi0) (local.get $lo0)))
    (local.set $r1 (f64x2.sub (local.get $hi1) (local.get $lo1)))
    (local.set $t0 (f64x2.mul (local.get $r0) (local.get $r0)))
    (local.set $t1 (f64x2.mul (local.get $r1) (local.get $r1)))
    (local.set $c0
      (f64x2.sub (local.get $r0)
        (f64x2.mul (local.get $t0)
          (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01))
            (f64x2.mul (local.get $t0)
              (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03))
                (f64x2.mul (local.get $t0)
                  (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05))
                    (f64x2.mul (local.get $t0)
                      (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06))
                        (f64x2.mul (local.get $t0) (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
    (local.set $c1
      (f64x2.sub (local.get $r1)
        (f64x2.mul (local.get $t1)
          (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01))
            (f64x2.mul (local.get $t1)
              (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03))
                (f64x2.mul (local.get $t1)
                  (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05))
                    (f64x2.mul (local.get $t1)
                      (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06))
                        (f64x2.mul (local.get $t1) (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
    ;; y = 1 − ((lo − r·c / (2 − c)) − hi)
    (local.set $y0
      (f64x2.sub (f64x2.splat (f64.const 1))
        (f64x2.sub
          (f64x2.sub (local.get $lo0)
            (f64x2.div (f64x2.mul (local.get $r0) (local.get $c0)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c0))))
          (local.get $hi0))))
    (local.set $y1
      (f64x2.sub (f64x2.splat (f64.const 1))
        (f64x2.sub
          (f64x2.sub (local.get $lo1)
            (f64x2.div (f64x2.mul (local.get $r1) (local.get $c1)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c1))))
          (local.get $hi1))))
    ;; × 2^k: k in [-1022, 0], so (k + 1023) << 52 is a normal double's bits. k + 1.5·2^52 holds
    ;; k in its low bits (two's complement), and the shift drops the rest: no float-to-int conversion.
    (f64x2.mul (local.get $y0)
      (i64x2.shl
        (i64x2.add (f64x2.add (local.get $k0) (f64x2.splat (f64.const 6755399441055744))) (i64x2.splat (i64.const 1023)))
        (i32.const 52)))
    (f64x2.mul (local.get $y1)
      (i64x2.shl
        (i64x2.add (f64x2.add (local.get $k1) (f64x2.splat (f64.const 6755399441055744))) (i64x2.splat (i64.const 1023)))
        (i32.const 52))))

  ;; log(v) for finite v >= 1 (fdlibm's e_log.c): v = 2^k·m, m in [√2/2, √2), f = m − 1,
  ;; s = f / (2 + f), log m = f − s·(f − R(s²)).
  (func $log (param $v v128) (result v128)
    (local $e v128) (local $m v128) (local $big v128) (local $k v128) (local $f v128) (local $s v128) (local $z v128) (local $w v128) (local $r v128)
    (local.set $e (i64x2.shr_u (local.get $v) (i32.const 52)))
    (local.set $m
      (v128.or (v128.and (local.get $v) (i64x2.splat (i64.const 0x000FFFFFFFFFFFFF))) (i64x2.splat (i64.const 0x3FF0000000000000))))
    (local.set $big (f64x2.ge (local.get $m) (f64x2.splat (f64.const 1.4142135623730951))))
    (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (f64x2.splat (f64.const 0.5))) (local.get $m) (local.get $big)))
    ;; big is all ones (−1) where m was halved: the exponent gains one.
    (local.set $e (i64x2.sub (i64x2.sub (local.get $e) (local.get $big)) (i64x2.splat (i64.const 1023))))
    ;; The exponents are small: their low 32 bits, as i32 lanes 0 and 1, convert exactly.
    (local.set $k (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $e) (local.get $e))))
    (local.set $f (f64x2.sub (local.get $m) (f64x2.splat (f64.const 1))))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (f64x2.splat (f64.const 2)) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    (local.set $r
      (f64x2.add
        (f64x2.mul (local.get $z)
          (f64x2.add (f64x2.splat (f64.const 6.666666666666735130e-01))
            (f64x2.mul (local.get $w)
              (f64x2.add (f64x2.splat (f64.const 2.857142874366239149e-01))
                (f64x2.mul (local.get $w)
                  (f64x2.add (f64x2.splat (f64.const 1.818357216161805012e-01))
                    (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.479819860511658591e-01)))))))))
        (f64x2.mul (local.get $w)
          (f64x2.add (f64x2.splat (f64.const 3.999999999940941908e-01))
            (f64x2.mul (local.get $w)
              (f64x2.add (f64x2.splat (f64.const 2.222219843214978396e-01))
                (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.531383769920937332e-01)))))))))
    ;; k·ln2_hi − ((s·(f − R) − k·ln2_lo) − f)
    (f64x2.sub
      (f64x2.mul (local.get $k) (f64x2.splat (f64.const 6.93147180369123816490e-01)))
      (f64x2.sub
        (f64x2.sub
          (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $r)))
          (f64x2.mul (local.get $k) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
        (local.get $f))))

  (func (export "binary")
    (param $x i32) (param $y i32) (param $w i32) (param $out i32) (param $rows i32) (param $p i32) (param $b f64)
    (local $row i32) (local $rb i32) (local $j i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $wv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $z01 v128) (local $z23 v128) (local $e01 v128) (local $e23 v128) (local $q01 v128) (local $q23 v128)
    (local $y01 v128) (local $y23 v128) (local $r01 v128) (local $r23 v128)
    (local $m01 v128) (local $m23 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $gb v128) (local $loss v128) (local $prod v128) (local $blocks i32)
    ;; Row bytes.
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $prod (f64x2.splat (f64.const 1)))
    (local.set $j (i32.const 0))
    (block $zdone
      (loop $zero
        (br_if $zdone (i32.ge_u (local.get $j) (local.get $rb)))
        (v128.store (i32.add (local.get $out) (local.get $j)) (v128.const i64x2 0 0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $zero)))
    (local.set $row (i32.const 0))
    (block $done
      (loop $rowloop
        (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $x1 (i32.add (local.get $x) (local.get $rb)))
        (local.set $x2 (i32.add (local.get $x1) (local.get $rb)))
        (local.set $x3 (i32.add (local.get $x2) (local.get $rb)))
        ;; z = x·w for the four rows, two features per step.
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $ddone
          (loop $dot
            (br_if $ddone (i32.ge_u (local.get $j) (local.get $rb)))
            (local.set $wv (v128.load (i32.add (local.get $w) (local.get $j))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $j))) (local.get $wv))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load (i32.add (local.get $x1) (local.get $j))) (local.get $wv))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load (i32.add (local.get $x2) (local.get $j))) (local.get $wv))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load (i32.add (local.get $x3) (local.get $j))) (local.get $wv))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $dot)))
        (local.set $z01
          (f64x2.replace_lane 1
            (f64x2.splat (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))))
            (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))))
        (local.set $z23
          (f64x2.replace_lane 1
            (f64x2.splat (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2)))))
            (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))))
        ;; e = exp(−|z|) serves the sigmoid and the loss, and never overflows.
        (call $exp2 (f64x2.neg (f64x2.abs (local.get $z01))) (f64x2.neg (f64x2.abs (local.get $z23))))
        (local.set $e23)
        (local.set $e01)
        (local.set $q01 (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e01)))
        (local.set $q23 (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e23)))
        (local.set $y01 (v128.load (local.get $y)))
        (local.set $y23 (v128.load offset=16 (local.get $y)))
        ;; r = σ(z) − y, σ(z) = 1 / (1 + e) for z >= 0, e / (1 + e) below.
        (local.set $r01
          (f64x2.sub
            (f64x2.div
              (v128.bitselect (f64x2.splat (f64.const 1)) (local.get $e01) (f64x2.ge (local.get $z01) (f64x2.splat (f64.const 0))))
              (local.get $q01))
            (local.get $y01)))
        (local.set $r23
          (f64x2.sub
            (f64x2.div
              (v128.bitselect (f64x2.splat (f64.const 1)) (local.get $e23) (f64x2.ge (local.get $z23) (f64x2.splat (f64.const 0))))
              (local.get $q23))
            (local.get $y23)))
        ;; logloss = max(m, 0) + log(1 + e), m = −z for y = 1 else z. The logs are taken of a
        ;; running product of the 1 + e (each in [1, 2]), folded in every 64 blocks (below).
        (local.set $m01 (v128.bitselect (f64x2.neg (local.get $z01)) (local.get $z01) (f64x2.eq (local.get $y01) (f64x2.splat (f64.const 1)))))
        (local.set $m23 (v128.bitselect (f64x2.neg (local.get $z23)) (local.get $z23) (f64x2.eq (local.get $y23) (f64x2.splat (f64.const 1)))))
        (local.set $loss
          (f64x2.add (local.get $loss)
            (f64x2.add
              (f64x2.pmax (local.get $m01) (v128.const i64x2 0 0))
              (f64x2.pmax (local.get $m23) (v128.const i64x2 0 0)))))
        (local.set $prod (f64x2.mul (local.get $prod) (f64x2.mul (local.get $q01) (local.get $q23))))
        (local.set $gb (f64x2.add (local.get $gb) (f64x2.add (local.get $r01) (local.get $r23))))
        ;; out += r0·x0 + r1·x1 + r2·x2 + r3·x3
        (local.set $r0 (f64x2.splat (f64x2.extract_lane 0 (local.get $r01))))
        (local.set $r1 (f64x2.splat (f64x2.extract_lane 1 (local.get $r01))))
        (local.set $r2 (f64x2.splat (f64x2.extract_lane 0 (local.get $r23))))
        (local.set $r3 (f64x2.splat (f64x2.extract_lane 1 (local.get $r23))))
        (local.set $j (i32.const 0))
        (block $gdone
          (loop $grad
            (br_if $gdone (i32.ge_u (local.get $j) (local.get $rb)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f64x2.add
                (v128.load (i32.add (local.get $out) (local.get $j)))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $r0) (v128.load (i32.add (local.get $x) (local.get $j))))
                      (f64x2.mul (local.get $r1) (v128.load (i32.add (local.get $x1) (local.get $j)))))
                    (f64x2.mul (local.get $r2) (v128.load (i32.add (local.get $x2) (local.get $j)))))
                  (f64x2.mul (local.get $r3) (v128.load (i32.add (local.get $x3) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $grad)))
        ;; Fold the product into the loss every 64 blocks: it stays below 2^128 per lane.
        (local.set $blocks (i32.add (local.get $blocks) (i32.const 1)))
        (if (i32.eq (local.get $blocks) (i32.const 64))
          (then
            (local.set $loss (f64x2.add (local.get $loss) (call $log (local.get $prod))))
            (local.set $prod (f64x2.splat (f64.const 1)))
            (local.set $blocks (i32.const 0))))
        (local.set $x (i32.add (local.get $x3) (local.get $rb)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $row (i32.add (local.get $row) (i32.const 4)))
        (br $rowloop)))
    (local.set $loss (f64x2.add (local.get $loss) (call $log (local.get $prod))))
    (f64.store (i32.add (local.get $out) (local.get $rb)) (f64.add (f64x2.extract_lane 0 (local.get $gb)) (f64x2.extract_lane 1 (local.get $gb))))
    (f64.store offset=8 (i32.add (local.get $out) (local.get $rb)) (f64.add (f64x2.extract_lane 0 (local.get $loss)) (f64x2.extract_lane 1 (local.get $loss)))))

  ;; Validation rows: out[0] = Σ logloss(yᵢ, zᵢ), out[1] = rows counted, skipping a row whose
  ;; class is not 0 or 1 (an unknown class is −1) or whose z is NaN (a missing value).
  (func (export "validation")
    (param $x i32) (param $y i32) (param $w i32) (param $out i32) (param $rows i32) (param $p i32) (param $b f64)
    (local $row i32) (local $rb i32) (local $j i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $wv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $z01 v128) (local $z23 v128) (local $y01 v128) (local $y23 v128) (local $ok01 v128) (local $ok23 v128)
    (local $e01 v128) (local $e23 v128) (local $q01 v128) (local $q23 v128) (local $m01 v128) (local $m23 v128)
    (local $loss v128) (local $counted v128) (local $prod v128) (local $blocks i32)
    (local.set $rb (i32.shl (local.get $p) (i32.const 3)))
    (local.set $prod (f64x2.splat (f64.const 1)))
    (local.set $row (i32.const 0))
    (block $done
      (loop $rowloop
        (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $x1 (i32.add (local.get $x) (local.get $rb)))
        (local.set $x2 (i32.add (local.get $x1) (local.get $rb)))
        (local.set $x3 (i32.add (local.get $x2) (local.get $rb)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $ddone
          (loop $dot
            (br_if $ddone (i32.ge_u (local.get $j) (local.get $rb)))
            (local.set $wv (v128.load (i32.add (local.get $w) (local.get $j))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $j))) (local.get $wv))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load (i32.add (local.get $x1) (local.get $j))) (local.get $wv))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load (i32.add (local.get $x2) (local.get $j))) (local.get $wv))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load (i32.add (local.get $x3) (local.get $j))) (local.get $wv))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $dot)))
        (local.set $z01
          (f64x2.replace_lane 1
            (f64x2.splat (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))))
            (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))))
        (local.set $z23
          (f64x2.replace_lane 1
            (f64x2.splat (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2)))))
            (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))))
        (local.set $y01 (v128.load (local.get $y)))
        (local.set $y23 (v128.load offset=16 (local.get $y)))
        ;; Counted: 0 <= y <= 1 and z is a number (z = z is false for NaN).
        (local.set $ok01
          (v128.and
            (v128.and (f64x2.ge (local.get $y01) (v128.const i64x2 0 0)) (f64x2.le (local.get $y01) (f64x2.splat (f64.const 1))))
            (f64x2.eq (local.get $z01) (local.get $z01))))
        (local.set $ok23
          (v128.and
            (v128.and (f64x2.ge (local.get $y23) (v128.const i64x2 0 0)) (f64x2.le (local.get $y23) (f64x2.splat (f64.const 1))))
            (f64x2.eq (local.get $z23) (local.get $z23))))
        ;; A row not counted adds a factor 1 to the product under the log and 0 to the rest.
        (call $exp2 (f64x2.neg (f64x2.abs (local.get $z01))) (f64x2.neg (f64x2.abs (local.get $z23))))
        (local.set $e23)
        (local.set $e01)
        (local.set $q01 (v128.bitselect (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e01)) (f64x2.splat (f64.const 1)) (local.get $ok01)))
        (local.set $q23 (v128.bitselect (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e23)) (f64x2.splat (f64.const 1)) (local.get $ok23)))
        (local.set $m01 (v128.bitselect (f64x2.neg (local.get $z01)) (local.get $z01) (f64x2.eq (local.get $y01) (f64x2.splat (f64.const 1)))))
        (local.set $m23 (v128.bitselect (f64x2.neg (local.get $z23)) (local.get $z23) (f64x2.eq (local.get $y23) (f64x2.splat (f64.const 1)))))
        (local.set $loss
          (f64x2.add (local.get $loss)
            (f64x2.add
              (v128.and (f64x2.pmax (local.get $m01) (v128.const i64x2 0 0)) (local.get $ok01))
              (v128.and (f64x2.pmax (local.get $m23) (v128.const i64x2 0 0)) (local.get $ok23)))))
        (local.set $prod (f64x2.mul (local.get $prod) (f64x2.mul (local.get $q01) (local.get $q23))))
        (local.set $counted
          (f64x2.add (local.get $counted)
            (f64x2.add
              (v128.and (f64x2.splat (f64.const 1)) (local.get $ok01))
              (v128.and (f64x2.splat (f64.const 1)) (local.get $ok23)))))
        ;; Fold the product into the loss every 64 blocks: it stays below 2^128 per lane.
        (local.set $blocks (i32.add (local.get $blocks) (i32.const 1)))
        (if (i32.eq (local.get $blocks) (i32.const 64))
          (then
            (local.set $loss (f64x2.add (local.get $loss) (call $log (local.get $prod))))
            (local.set $prod (f64x2.splat (f64.const 1)))
            (local.set $blocks (i32.const 0))))
        (local.set $x (i32.add (local.get $x3) (local.get $rb)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $row (i32.add (local.get $row) (i32.const 4)))
        (br $rowloop)))
    (local.set $loss (f64x2.add (local.get $loss) (call $log (local.get $prod))))
    (f64.store (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $loss)) (f64x2.extract_lane 1 (local.get $loss))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $counted)) (f64x2.extract_lane 1 (local.get $counted)))))
)
