;; Single-precision GEMM micro-kernel for the dense trainer, WebAssembly SIMD (f32x4).
;;
;; Hand-written; gemm-wasm-build.mjs assembles it with wabt's wat2wasm into gemm-wasm-bytes.ts.
;; C[0..m, 0..n] (=|+=) A·B where m is a multiple of 4, n a multiple of 8 and k >= 1; the
;; caller (gemm-wasm.ts) does the ragged edges in JavaScript. Offsets and strides count floats.
;; A is read as a + i·rsa + p·csa, so Aᵀ (rsa = 1) costs nothing; B and C are row-major.
;;
;; Why this shape: a 4×8 tile keeps 8 f32x4 accumulators, two B vectors and one broadcast A
;; value in registers (11 of the 16 xmm registers V8 has on x64), so every B load feeds four
;; multiply-adds and every A load two. The j loop is outermost so one k×8 panel of B (8 KiB at
;; k = 256) stays in L1 while every 4-row strip of A streams past it.
(module
  (import "env" "memory" (memory 1))
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $rsa i32) (param $csa i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $pa i32) (local $pb i32) (local $pc i32) (local $rs2 i32) (local $rs3 i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    ;; Floats to bytes.
    (local.set $a (i32.shl (local.get $a) (i32.const 2)))
    (local.set $rsa (i32.shl (local.get $rsa) (i32.const 2)))
    (local.set $csa (i32.shl (local.get $csa) (i32.const 2)))
    (local.set $b (i32.shl (local.get $b) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $c (i32.shl (local.get $c) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $rs2 (i32.shl (local.get $rsa) (i32.const 1)))
    (local.set $rs3 (i32.add (local.get $rs2) (local.get $rsa)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $c00 (v128.const i32x4 0 0 0 0))
        (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0))
        (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0))
        (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0))
        (local.set $c31 (v128.const i32x4 0 0 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rsa))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $kloop
              (local.set $b0 (v128.load align=4 (local.get $pb)))
              (local.set $b1 (v128.load offset=16 align=4 (local.get $pb)))
          (local.set $x (v128.load32_splat align=4 (local.get $pa)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat align=4 (i32.add (local.get $pa) (local.get $rsa))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat align=4 (i32.add (local.get $pa) (local.get $rs2))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat align=4 (i32.add (local.get $pa) (local.get $rs3))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $csa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
              (br_if $kloop (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
            (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 2)))))
            (if (local.get $acc)
              (then
          (local.set $c00 (f32x4.add (local.get $c00) (v128.load align=4 (i32.add (local.get $pc) (i32.mul (i32.const 0) (local.get $ldc))))))
          (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 align=4 (i32.add (local.get $pc) (i32.mul (i32.const 0) (local.get $ldc))))))
          (local.set $c10 (f32x4.add (local.get $c10) (v128.load align=4 (i32.add (local.get $pc) (i32.mul (i32.const 1) (local.get $ldc))))))
          (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 align=4 (i32.add (local.get $pc) (i32.mul (i32.const 1) (local.get $ldc))))))
          (local.set $c20 (f32x4.add (local.get $c20) (v128.load align=4 (i32.add (local.get $pc) (i32.mul (i32.const 2) (local.get $ldc))))))
          (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 align=4 (i32.add (local.get $pc) (i32.mul (i32.const 2) (local.get $ldc))))))
          (local.set $c30 (f32x4.add (local.get $c30) (v128.load align=4 (i32.add (local.get $pc) (i32.mul (i32.const 3) (local.get $ldc))))))
          (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 align=4 (i32.add (local.get $pc) (i32.mul (i32.const 3) (local.get $ldc))))))))
        (v128.store align=4 (local.get $pc) (local.get $c00))
        (v128.store offset=16 align=4 (local.get $pc) (local.get $c01))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store align=4 (local.get $pc) (local.get $c10))
        (v128.store offset=16 align=4 (local.get $pc) (local.get $c11))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store align=4 (local.get $pc) (local.get $c20))
        (v128.store offset=16 align=4 (local.get $pc) (local.get $c21))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store align=4 (local.get $pc) (local.get $c30))
        (v128.store offset=16 align=4 (local.get $pc) (local.get $c31))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $jloop))))

  ;; The elementwise steps around the multiply, four lanes at a time. Counts are multiples of
  ;; 4 (the caller does any tail); offsets count floats.

  ;; One Adam step: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − step·m / (√v + ε).
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $step f32) (param $b1 f32) (param $b2 f32) (param $eps f32)
    (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $vstep v128) (local $vb1 v128) (local $vc1 v128) (local $vb2 v128) (local $vc2 v128) (local $veps v128)
    (local.set $vstep (f32x4.splat (local.get $step)))
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $vc1 (f32x4.splat (f32.sub (f32.const 1) (local.get $b1))))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $vc2 (f32x4.splat (f32.sub (f32.const 1) (local.get $b2))))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $p (i32.shl (local.get $p) (i32.const 2)))
    (local.set $g (i32.shl (local.get $g) (i32.const 2)))
    (local.set $m (i32.shl (local.get $m) (i32.const 2)))
    (local.set $v (i32.shl (local.get $v) (i32.const 2)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gi (v128.load align=4 (local.get $g)))
        (local.set $mi (f32x4.add (f32x4.mul (local.get $vb1) (v128.load align=4 (local.get $m))) (f32x4.mul (local.get $vc1) (local.get $gi))))
        (local.set $vi (f32x4.add (f32x4.mul (local.get $vb2) (v128.load align=4 (local.get $v)))
          (f32x4.mul (local.get $vc2) (f32x4.mul (local.get $gi) (local.get $gi)))))
        (v128.store align=4 (local.get $m) (local.get $mi))
        (v128.store align=4 (local.get $v) (local.get $vi))
        (v128.store align=4 (local.get $p) (f32x4.sub (v128.load align=4 (local.get $p))
          (f32x4.div (f32x4.mul (local.get $vstep) (local.get $mi)) (f32x4.add (f32x4.sqrt (local.get $vi)) (local.get $veps)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $next))))

  ;; z ← max(z + bias, 0) over rows × units (units a multiple of 4), row by row.
  (func (export "bias_relu") (param $z i32) (param $rows i32) (param $units i32) (param $bias i32)
    (local $end i32) (local $row i32) (local $j i32) (local $zero v128)
    (local.set $z (i32.shl (local.get $z) (i32.const 2)))
    (local.set $bias (i32.shl (local.get $bias) (i32.const 2)))
    (local.set $units (i32.shl (local.get $units) (i32.const 2)))
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $rows) (local.get $units))))
    (block $done
      (loop $rowloop
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $rowdone
          (loop $col
            (br_if $rowdone (i32.ge_u (local.get $j) (local.get $units)))
            (v128.store align=4 (i32.add (local.get $z) (local.get $j))
              (f32x4.max (local.get $zero)
                (f32x4.add (v128.load align=4 (i32.add (local.get $z) (local.get $j))) (v128.load align=4 (i32.add (local.get $bias) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $col)))
        (local.set $z (i32.add (local.get $z) (local.get $units)))
        (br $rowloop))))

  ;; d ← d where a > 0, else 0 (the relu derivative, read from the activation a).
  (func (export "relu_backward") (param $d i32) (param $a i32) (param $n i32)
    (local $end i32) (local $zero v128)
    (local.set $d (i32.shl (local.get $d) (i32.const 2)))
    (local.set $a (i32.shl (local.get $a) (i32.const 2)))
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $end)))
        (v128.store align=4 (local.get $d)
          (v128.and (v128.load align=4 (local.get $d)) (f32x4.gt (v128.load align=4 (local.get $a)) (local.get $zero))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $next)))))
