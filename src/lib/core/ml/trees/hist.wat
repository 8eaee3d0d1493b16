;; Gradient histograms for histogram boosting, WebAssembly SIMD (f64x2).
;;
;; Hand-written; hist-wasm-build.mjs assembles it with wabt's wat2wasm into hist-wasm-bytes.ts.
;; The same sums as buildHistogram in hist-histogram.ts, to the bit: each bin is a slot of three
;; f64 [g, h, count] (24 bytes), and every row adds its (g, h) pair as one f64x2.add and 1 to the
;; count, in row order; a bin only ever sees the rows of its own feature, so running features in
;; groups of four changes no sum. Addresses are bytes into the one imported memory:
;;   $oK  the first slot of feature K's histogram;   $cK  feature K's column of bin codes (u8);
;;   $idx the node's rows (u32), or $first the first of a run of rows;
;;   $ogh the rows' (g, h) pairs as f64, in node order (`gather` below);   $m rows.
;;
;; Why four features a pass: the row index and its (g, h) pair are loaded once for four columns,
;; and four independent read-modify-writes keep more of the core busy than one.
(module
  (import "env" "memory" (memory 1))
  (func (export "hist_idx4") (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $o3 i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32) (param $idx i32) (param $ogh i32) (param $m i32)
    (local $r i32) (local $s i32) (local $v v128) (local $end i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $r (i32.load (local.get $idx)))
        (local.set $v (v128.load align=8 (local.get $ogh)))
        ;; feature 0
        (local.set $s (i32.add (local.get $o0) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 1
        (local.set $s (i32.add (local.get $o1) (i32.mul (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 2
        (local.set $s (i32.add (local.get $o2) (i32.mul (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 3
        (local.set $s (i32.add (local.get $o3) (i32.mul (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (local.set $ogh (i32.add (local.get $ogh) (i32.const 16)))
        (br $rows))))
  (func (export "hist_idx1") (param $o0 i32) (param $c0 i32) (param $idx i32) (param $ogh i32) (param $m i32)
    (local $r i32) (local $s i32) (local $v v128) (local $end i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $r (i32.load (local.get $idx)))
        (local.set $v (v128.load align=8 (local.get $ogh)))
        ;; feature 0
        (local.set $s (i32.add (local.get $o0) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (local.set $ogh (i32.add (local.get $ogh) (i32.const 16)))
        (br $rows))))
  (func (export "hist_rows4") (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $o3 i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32) (param $first i32) (param $ogh i32) (param $m i32)
    (local $r i32) (local $s i32) (local $v v128) (local $end i32)
    (local.set $r (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $m)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $v (v128.load align=8 (local.get $ogh)))
        ;; feature 0
        (local.set $s (i32.add (local.get $o0) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 1
        (local.set $s (i32.add (local.get $o1) (i32.mul (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 2
        (local.set $s (i32.add (local.get $o2) (i32.mul (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        ;; feature 3
        (local.set $s (i32.add (local.get $o3) (i32.mul (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $ogh (i32.add (local.get $ogh) (i32.const 16)))
        (br $rows))))
  (func (export "hist_rows1") (param $o0 i32) (param $c0 i32) (param $first i32) (param $ogh i32) (param $m i32)
    (local $r i32) (local $s i32) (local $v v128) (local $end i32)
    (local.set $r (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $m)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $v (v128.load align=8 (local.get $ogh)))
        ;; feature 0
        (local.set $s (i32.add (local.get $o0) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store align=8 (local.get $s) (f64x2.add (v128.load align=8 (local.get $s)) (local.get $v)))
        (f64.store offset=16 (local.get $s) (f64.add (f64.load offset=16 (local.get $s)) (f64.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $ogh (i32.add (local.get $ogh) (i32.const 16)))
        (br $rows))))
  ;; The (g, h) pairs of rows idx[0..m) (or $first.. when $idx is -1) from f32 gradients $g and
  ;; hessians $h (or a hessian of 1 when $h is -1), promoted to f64 (exactly), into $ogh.
  (func (export "gather") (param $idx i32) (param $first i32) (param $g i32) (param $h i32) (param $ogh i32) (param $m i32)
    (local $i i32) (local $r i32) (local $hv f64)
    (local.set $hv (f64.const 1))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $r (i32.shl
          (if (result i32) (i32.eq (local.get $idx) (i32.const -1))
            (then (i32.add (local.get $first) (local.get $i)))
            (else (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2))))))
          (i32.const 2)))
        (if (i32.ne (local.get $h) (i32.const -1))
          (then (local.set $hv (f64.promote_f32 (f32.load (i32.add (local.get $h) (local.get $r)))))))
        (f64.store (local.get $ogh) (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $r)))))
        (f64.store offset=8 (local.get $ogh) (local.get $hv))
        (local.set $ogh (i32.add (local.get $ogh) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
  ;; Stable partition of the $m rows at $idx by $goes[bin] (1: left) of each row's code in the
  ;; column at $col, in place, the right rows through the scratch at $right; returns the left
  ;; count. Branch-free, as `partition` in hist-grower.ts, whose order it keeps.
  (func (export "partition") (param $idx i32) (param $m i32) (param $col i32) (param $goes i32) (param $right i32) (result i32)
    (local $i i32) (local $end i32) (local $w i32) (local $r i32) (local $row i32) (local $left i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (local.set $i (local.get $idx))
    (local.set $w (local.get $idx))
    (local.set $r (local.get $right))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $row (i32.load (local.get $i)))
        (local.set $left (i32.load8_u (i32.add (local.get $goes) (i32.load8_u (i32.add (local.get $col) (local.get $row))))))
        (i32.store (local.get $w) (local.get $row))
        (i32.store (local.get $r) (local.get $row))
        (local.set $w (i32.add (local.get $w) (i32.shl (local.get $left) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.shl (i32.sub (i32.const 1) (local.get $left)) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    (memory.copy (local.get $w) (local.get $right) (i32.sub (local.get $r) (local.get $right)))
    (i32.shr_u (i32.sub (local.get $w) (local.get $idx)) (i32.const 2)))
)
