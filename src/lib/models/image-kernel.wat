;; The frame pipeline's hot loop in WebAssembly SIMD: an RGBA image resampled bilinearly into a model's
;; input (any layout, channel order, scale and offset, float or integer), one output pixel per step.
;; Assembled into image-kernel.generated.ts by `npm run gen:kernels`; driven by image-kernel.ts.
;;
;; Memory, laid out by the host:
;;   0..15   swizzle: the 8 bytes of two neighbouring pixels (left, right) -> i16 lanes L0 R0 L1 R1 L2 R2 0 0,
;;           channels in the input's order
;;   16..31  scale per channel (f32x4), already divided by the horizontal weights' unit (16384)
;;   32..47  offset per channel (f32x4); lane 3 is channel 0's, for the lane a 16-byte store spills
;;   48..63  gray weights (f32x4), for a one-value (gray) input
;; and per output row: the byte address of the top and bottom source rows (i32) and the vertical weight
;; (f32); per output column: the byte offset of the left source pixel in its row (i32) and the
;; horizontal weights of left and right as two i16 that sum to 16384. The right pixel is read at left + 4:
;; at the image's right edge its weight is 0, so whatever lies there counts for nothing.
(module
  (memory (export "memory") 1)
  (func (export "resample")
    (param $rowTop i32) (param $rowBottom i32) (param $rowWeight i32)
    (param $colLeft i32) (param $colWeight i32)
    ;; Output rows r0..r1-1 and columns c0..c1-1 (the part of the input that lies inside the image).
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    ;; Where output value (row, col, channel) goes: dst + row * rowStep + col * colStep + channel * planeStep.
    (param $dst i32) (param $rowStep i32) (param $colStep i32) (param $planeStep i32)
    ;; Bit 0: gray (one value from the weighted channels); bit 1: round to an integer;
    ;; bit 2: one 16-byte store a pixel (three 4-byte channels side by side); bit 3: bytes, not 4-byte values.
    (param $flags i32) (param $channels i32)
    (local $r i32) (local $c i32) (local $top i32) (local $bottom i32) (local $left i32)
    (local $out i32) (local $at i32)
    (local $wx v128) (local $wy v128) (local $upper v128) (local $lower v128) (local $v v128)
    (local $swizzle v128) (local $scale v128) (local $offset v128) (local $gray v128)
    (local.set $swizzle (v128.load (i32.const 0)))
    (local.set $scale (v128.load (i32.const 16)))
    (local.set $offset (v128.load (i32.const 32)))
    (local.set $gray (v128.load (i32.const 48)))
    (local.set $r (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $r1)))
        (local.set $top (i32.load (i32.add (local.get $rowTop) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $bottom (i32.load (i32.add (local.get $rowBottom) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $wy (v128.load32_splat (i32.add (local.get $rowWeight) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $rowStep))))
        (local.set $c (local.get $c0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $c) (local.get $c1)))
            (local.set $left (i32.load (i32.add (local.get $colLeft) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $wx (v128.load32_splat (i32.add (local.get $colWeight) (i32.shl (local.get $c) (i32.const 2)))))
            ;; Horizontal: each row's two pixels weighted in one dot product (exact integers, x16384).
            (local.set $upper (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s
              (i8x16.swizzle (v128.load64_zero (i32.add (local.get $top) (local.get $left))) (local.get $swizzle))
              (local.get $wx))))
            (local.set $lower (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s
              (i8x16.swizzle (v128.load64_zero (i32.add (local.get $bottom) (local.get $left))) (local.get $swizzle))
              (local.get $wx))))
            ;; Vertical, in floats.
            (local.set $v (f32x4.add (local.get $upper)
              (f32x4.mul (f32x4.sub (local.get $lower) (local.get $upper)) (local.get $wy))))
            (local.set $at (i32.add (local.get $out) (i32.mul (local.get $c) (local.get $colStep))))
            ;; The common case (three float channels side by side) tests one flag a pixel.
            (if (i32.eq (local.get $flags) (i32.const 4))
              (then (v128.store (local.get $at)
                (f32x4.add (f32x4.mul (local.get $v) (local.get $scale)) (local.get $offset))))
              (else
                (if (i32.and (local.get $flags) (i32.const 1))
                  (then
                    (local.set $v (f32x4.mul (local.get $v) (local.get $gray)))
                    (local.set $v (f32x4.splat (f32.add
                      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
                      (f32x4.extract_lane 2 (local.get $v)))))))
                (local.set $v (f32x4.add (f32x4.mul (local.get $v) (local.get $scale)) (local.get $offset)))
                ;; Rounded as Math.round does: halves up.
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then
                    (local.set $v (i32x4.trunc_sat_f32x4_s
                      (f32x4.floor (f32x4.add (local.get $v) (f32x4.splat (f32.const 0.5))))))))
                (if (i32.and (local.get $flags) (i32.const 4))
                  (then (v128.store (local.get $at) (local.get $v)))
                  (else
                    (if (i32.and (local.get $flags) (i32.const 8))
                      (then
                        (v128.store8_lane 0 (local.get $at) (local.get $v))
                        (if (i32.gt_s (local.get $channels) (i32.const 1))
                          (then
                            (v128.store8_lane 4 (i32.add (local.get $at) (local.get $planeStep)) (local.get $v))
                            (v128.store8_lane 8
                              (i32.add (local.get $at) (i32.shl (local.get $planeStep) (i32.const 1))) (local.get $v)))))
                      (else
                        (v128.store32_lane 0 (local.get $at) (local.get $v))
                        (if (i32.gt_s (local.get $channels) (i32.const 1))
                          (then
                            (v128.store32_lane 1 (i32.add (local.get $at) (local.get $planeStep)) (local.get $v))
                            (v128.store32_lane 2
                              (i32.add (local.get $at) (i32.shl (local.get $planeStep) (i32.const 1))) (local.get $v))))))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))))
