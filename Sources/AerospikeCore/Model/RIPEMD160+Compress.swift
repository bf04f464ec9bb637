/// RIPEMD-160's compression function, written out step by step.
///
/// The two lines of 80 steps each, interleaved, with every message word, constant and
/// rotation a literal and the five working words renamed from step to step instead of
/// moved: the loop over the specification's tables that this replaced kept its rotation
/// amounts in memory and its words in an array, and took three times as long per block
/// (a key's digest was an eighth of the statement parser's time). The step list comes
/// from the specification's tables (word order, rotations, constants; the left line
/// uses f1…f5 by round, the right line f5…f1), and `RIPEMD160Tests` holds the published
/// test vectors.
extension ChainingState {
    mutating func compress(_ block: UnsafeRawPointer) {
        @inline(__always) func word(_ index: Int) -> UInt32 {
            UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
        }
        let x0 = word(0)
        let x1 = word(1)
        let x2 = word(2)
        let x3 = word(3)
        let x4 = word(4)
        let x5 = word(5)
        let x6 = word(6)
        let x7 = word(7)
        let x8 = word(8)
        let x9 = word(9)
        let x10 = word(10)
        let x11 = word(11)
        let x12 = word(12)
        let x13 = word(13)
        let x14 = word(14)
        let x15 = word(15)
        var (al, bl, cl, dl, el) = (h0, h1, h2, h3, h4)
        var (ar, br, cr, dr, er) = (h0, h1, h2, h3, h4)

        step(&al, &cl, el, f1(bl, cl, dl) &+ x0, 11); step(&ar, &cr, er, f5(br, cr, dr) &+ x5 &+ 0x50A2_8BE6, 8)
        step(&el, &bl, dl, f1(al, bl, cl) &+ x1, 14); step(&er, &br, dr, f5(ar, br, cr) &+ x14 &+ 0x50A2_8BE6, 9)
        step(&dl, &al, cl, f1(el, al, bl) &+ x2, 15); step(&dr, &ar, cr, f5(er, ar, br) &+ x7 &+ 0x50A2_8BE6, 9)
        step(&cl, &el, bl, f1(dl, el, al) &+ x3, 12); step(&cr, &er, br, f5(dr, er, ar) &+ x0 &+ 0x50A2_8BE6, 11)
        step(&bl, &dl, al, f1(cl, dl, el) &+ x4, 5); step(&br, &dr, ar, f5(cr, dr, er) &+ x9 &+ 0x50A2_8BE6, 13)
        step(&al, &cl, el, f1(bl, cl, dl) &+ x5, 8); step(&ar, &cr, er, f5(br, cr, dr) &+ x2 &+ 0x50A2_8BE6, 15)
        step(&el, &bl, dl, f1(al, bl, cl) &+ x6, 7); step(&er, &br, dr, f5(ar, br, cr) &+ x11 &+ 0x50A2_8BE6, 15)
        step(&dl, &al, cl, f1(el, al, bl) &+ x7, 9); step(&dr, &ar, cr, f5(er, ar, br) &+ x4 &+ 0x50A2_8BE6, 5)
        step(&cl, &el, bl, f1(dl, el, al) &+ x8, 11); step(&cr, &er, br, f5(dr, er, ar) &+ x13 &+ 0x50A2_8BE6, 7)
        step(&bl, &dl, al, f1(cl, dl, el) &+ x9, 13); step(&br, &dr, ar, f5(cr, dr, er) &+ x6 &+ 0x50A2_8BE6, 7)
        step(&al, &cl, el, f1(bl, cl, dl) &+ x10, 14); step(&ar, &cr, er, f5(br, cr, dr) &+ x15 &+ 0x50A2_8BE6, 8)
        step(&el, &bl, dl, f1(al, bl, cl) &+ x11, 15); step(&er, &br, dr, f5(ar, br, cr) &+ x8 &+ 0x50A2_8BE6, 11)
        step(&dl, &al, cl, f1(el, al, bl) &+ x12, 6); step(&dr, &ar, cr, f5(er, ar, br) &+ x1 &+ 0x50A2_8BE6, 14)
        step(&cl, &el, bl, f1(dl, el, al) &+ x13, 7); step(&cr, &er, br, f5(dr, er, ar) &+ x10 &+ 0x50A2_8BE6, 14)
        step(&bl, &dl, al, f1(cl, dl, el) &+ x14, 9); step(&br, &dr, ar, f5(cr, dr, er) &+ x3 &+ 0x50A2_8BE6, 12)
        step(&al, &cl, el, f1(bl, cl, dl) &+ x15, 8); step(&ar, &cr, er, f5(br, cr, dr) &+ x12 &+ 0x50A2_8BE6, 6)

        step(&el, &bl, dl, f2(al, bl, cl) &+ x7 &+ 0x5A82_7999, 7); step(&er, &br, dr, f4(ar, br, cr) &+ x6 &+ 0x5C4D_D124, 9)
        step(&dl, &al, cl, f2(el, al, bl) &+ x4 &+ 0x5A82_7999, 6); step(&dr, &ar, cr, f4(er, ar, br) &+ x11 &+ 0x5C4D_D124, 13)
        step(&cl, &el, bl, f2(dl, el, al) &+ x13 &+ 0x5A82_7999, 8); step(&cr, &er, br, f4(dr, er, ar) &+ x3 &+ 0x5C4D_D124, 15)
        step(&bl, &dl, al, f2(cl, dl, el) &+ x1 &+ 0x5A82_7999, 13); step(&br, &dr, ar, f4(cr, dr, er) &+ x7 &+ 0x5C4D_D124, 7)
        step(&al, &cl, el, f2(bl, cl, dl) &+ x10 &+ 0x5A82_7999, 11); step(&ar, &cr, er, f4(br, cr, dr) &+ x0 &+ 0x5C4D_D124, 12)
        step(&el, &bl, dl, f2(al, bl, cl) &+ x6 &+ 0x5A82_7999, 9); step(&er, &br, dr, f4(ar, br, cr) &+ x13 &+ 0x5C4D_D124, 8)
        step(&dl, &al, cl, f2(el, al, bl) &+ x15 &+ 0x5A82_7999, 7); step(&dr, &ar, cr, f4(er, ar, br) &+ x5 &+ 0x5C4D_D124, 9)
        step(&cl, &el, bl, f2(dl, el, al) &+ x3 &+ 0x5A82_7999, 15); step(&cr, &er, br, f4(dr, er, ar) &+ x10 &+ 0x5C4D_D124, 11)
        step(&bl, &dl, al, f2(cl, dl, el) &+ x12 &+ 0x5A82_7999, 7); step(&br, &dr, ar, f4(cr, dr, er) &+ x14 &+ 0x5C4D_D124, 7)
        step(&al, &cl, el, f2(bl, cl, dl) &+ x0 &+ 0x5A82_7999, 12); step(&ar, &cr, er, f4(br, cr, dr) &+ x15 &+ 0x5C4D_D124, 7)
        step(&el, &bl, dl, f2(al, bl, cl) &+ x9 &+ 0x5A82_7999, 15); step(&er, &br, dr, f4(ar, br, cr) &+ x8 &+ 0x5C4D_D124, 12)
        step(&dl, &al, cl, f2(el, al, bl) &+ x5 &+ 0x5A82_7999, 9); step(&dr, &ar, cr, f4(er, ar, br) &+ x12 &+ 0x5C4D_D124, 7)
        step(&cl, &el, bl, f2(dl, el, al) &+ x2 &+ 0x5A82_7999, 11); step(&cr, &er, br, f4(dr, er, ar) &+ x4 &+ 0x5C4D_D124, 6)
        step(&bl, &dl, al, f2(cl, dl, el) &+ x14 &+ 0x5A82_7999, 7); step(&br, &dr, ar, f4(cr, dr, er) &+ x9 &+ 0x5C4D_D124, 15)
        step(&al, &cl, el, f2(bl, cl, dl) &+ x11 &+ 0x5A82_7999, 13); step(&ar, &cr, er, f4(br, cr, dr) &+ x1 &+ 0x5C4D_D124, 13)
        step(&el, &bl, dl, f2(al, bl, cl) &+ x8 &+ 0x5A82_7999, 12); step(&er, &br, dr, f4(ar, br, cr) &+ x2 &+ 0x5C4D_D124, 11)

        step(&dl, &al, cl, f3(el, al, bl) &+ x3 &+ 0x6ED9_EBA1, 11); step(&dr, &ar, cr, f3(er, ar, br) &+ x15 &+ 0x6D70_3EF3, 9)
        step(&cl, &el, bl, f3(dl, el, al) &+ x10 &+ 0x6ED9_EBA1, 13); step(&cr, &er, br, f3(dr, er, ar) &+ x5 &+ 0x6D70_3EF3, 7)
        step(&bl, &dl, al, f3(cl, dl, el) &+ x14 &+ 0x6ED9_EBA1, 6); step(&br, &dr, ar, f3(cr, dr, er) &+ x1 &+ 0x6D70_3EF3, 15)
        step(&al, &cl, el, f3(bl, cl, dl) &+ x4 &+ 0x6ED9_EBA1, 7); step(&ar, &cr, er, f3(br, cr, dr) &+ x3 &+ 0x6D70_3EF3, 11)
        step(&el, &bl, dl, f3(al, bl, cl) &+ x9 &+ 0x6ED9_EBA1, 14); step(&er, &br, dr, f3(ar, br, cr) &+ x7 &+ 0x6D70_3EF3, 8)
        step(&dl, &al, cl, f3(el, al, bl) &+ x15 &+ 0x6ED9_EBA1, 9); step(&dr, &ar, cr, f3(er, ar, br) &+ x14 &+ 0x6D70_3EF3, 6)
        step(&cl, &el, bl, f3(dl, el, al) &+ x8 &+ 0x6ED9_EBA1, 13); step(&cr, &er, br, f3(dr, er, ar) &+ x6 &+ 0x6D70_3EF3, 6)
        step(&bl, &dl, al, f3(cl, dl, el) &+ x1 &+ 0x6ED9_EBA1, 15); step(&br, &dr, ar, f3(cr, dr, er) &+ x9 &+ 0x6D70_3EF3, 14)
        step(&al, &cl, el, f3(bl, cl, dl) &+ x2 &+ 0x6ED9_EBA1, 14); step(&ar, &cr, er, f3(br, cr, dr) &+ x11 &+ 0x6D70_3EF3, 12)
        step(&el, &bl, dl, f3(al, bl, cl) &+ x7 &+ 0x6ED9_EBA1, 8); step(&er, &br, dr, f3(ar, br, cr) &+ x8 &+ 0x6D70_3EF3, 13)
        step(&dl, &al, cl, f3(el, al, bl) &+ x0 &+ 0x6ED9_EBA1, 13); step(&dr, &ar, cr, f3(er, ar, br) &+ x12 &+ 0x6D70_3EF3, 5)
        step(&cl, &el, bl, f3(dl, el, al) &+ x6 &+ 0x6ED9_EBA1, 6); step(&cr, &er, br, f3(dr, er, ar) &+ x2 &+ 0x6D70_3EF3, 14)
        step(&bl, &dl, al, f3(cl, dl, el) &+ x13 &+ 0x6ED9_EBA1, 5); step(&br, &dr, ar, f3(cr, dr, er) &+ x10 &+ 0x6D70_3EF3, 13)
        step(&al, &cl, el, f3(bl, cl, dl) &+ x11 &+ 0x6ED9_EBA1, 12); step(&ar, &cr, er, f3(br, cr, dr) &+ x0 &+ 0x6D70_3EF3, 13)
        step(&el, &bl, dl, f3(al, bl, cl) &+ x5 &+ 0x6ED9_EBA1, 7); step(&er, &br, dr, f3(ar, br, cr) &+ x4 &+ 0x6D70_3EF3, 7)
        step(&dl, &al, cl, f3(el, al, bl) &+ x12 &+ 0x6ED9_EBA1, 5); step(&dr, &ar, cr, f3(er, ar, br) &+ x13 &+ 0x6D70_3EF3, 5)

        step(&cl, &el, bl, f4(dl, el, al) &+ x1 &+ 0x8F1B_BCDC, 11); step(&cr, &er, br, f2(dr, er, ar) &+ x8 &+ 0x7A6D_76E9, 15)
        step(&bl, &dl, al, f4(cl, dl, el) &+ x9 &+ 0x8F1B_BCDC, 12); step(&br, &dr, ar, f2(cr, dr, er) &+ x6 &+ 0x7A6D_76E9, 5)
        step(&al, &cl, el, f4(bl, cl, dl) &+ x11 &+ 0x8F1B_BCDC, 14); step(&ar, &cr, er, f2(br, cr, dr) &+ x4 &+ 0x7A6D_76E9, 8)
        step(&el, &bl, dl, f4(al, bl, cl) &+ x10 &+ 0x8F1B_BCDC, 15); step(&er, &br, dr, f2(ar, br, cr) &+ x1 &+ 0x7A6D_76E9, 11)
        step(&dl, &al, cl, f4(el, al, bl) &+ x0 &+ 0x8F1B_BCDC, 14); step(&dr, &ar, cr, f2(er, ar, br) &+ x3 &+ 0x7A6D_76E9, 14)
        step(&cl, &el, bl, f4(dl, el, al) &+ x8 &+ 0x8F1B_BCDC, 15); step(&cr, &er, br, f2(dr, er, ar) &+ x11 &+ 0x7A6D_76E9, 14)
        step(&bl, &dl, al, f4(cl, dl, el) &+ x12 &+ 0x8F1B_BCDC, 9); step(&br, &dr, ar, f2(cr, dr, er) &+ x15 &+ 0x7A6D_76E9, 6)
        step(&al, &cl, el, f4(bl, cl, dl) &+ x4 &+ 0x8F1B_BCDC, 8); step(&ar, &cr, er, f2(br, cr, dr) &+ x0 &+ 0x7A6D_76E9, 14)
        step(&el, &bl, dl, f4(al, bl, cl) &+ x13 &+ 0x8F1B_BCDC, 9); step(&er, &br, dr, f2(ar, br, cr) &+ x5 &+ 0x7A6D_76E9, 6)
        step(&dl, &al, cl, f4(el, al, bl) &+ x3 &+ 0x8F1B_BCDC, 14); step(&dr, &ar, cr, f2(er, ar, br) &+ x12 &+ 0x7A6D_76E9, 9)
        step(&cl, &el, bl, f4(dl, el, al) &+ x7 &+ 0x8F1B_BCDC, 5); step(&cr, &er, br, f2(dr, er, ar) &+ x2 &+ 0x7A6D_76E9, 12)
        step(&bl, &dl, al, f4(cl, dl, el) &+ x15 &+ 0x8F1B_BCDC, 6); step(&br, &dr, ar, f2(cr, dr, er) &+ x13 &+ 0x7A6D_76E9, 9)
        step(&al, &cl, el, f4(bl, cl, dl) &+ x14 &+ 0x8F1B_BCDC, 8); step(&ar, &cr, er, f2(br, cr, dr) &+ x9 &+ 0x7A6D_76E9, 12)
        step(&el, &bl, dl, f4(al, bl, cl) &+ x5 &+ 0x8F1B_BCDC, 6); step(&er, &br, dr, f2(ar, br, cr) &+ x7 &+ 0x7A6D_76E9, 5)
        step(&dl, &al, cl, f4(el, al, bl) &+ x6 &+ 0x8F1B_BCDC, 5); step(&dr, &ar, cr, f2(er, ar, br) &+ x10 &+ 0x7A6D_76E9, 15)
        step(&cl, &el, bl, f4(dl, el, al) &+ x2 &+ 0x8F1B_BCDC, 12); step(&cr, &er, br, f2(dr, er, ar) &+ x14 &+ 0x7A6D_76E9, 8)

        step(&bl, &dl, al, f5(cl, dl, el) &+ x4 &+ 0xA953_FD4E, 9); step(&br, &dr, ar, f1(cr, dr, er) &+ x12, 8)
        step(&al, &cl, el, f5(bl, cl, dl) &+ x0 &+ 0xA953_FD4E, 15); step(&ar, &cr, er, f1(br, cr, dr) &+ x15, 5)
        step(&el, &bl, dl, f5(al, bl, cl) &+ x5 &+ 0xA953_FD4E, 5); step(&er, &br, dr, f1(ar, br, cr) &+ x10, 12)
        step(&dl, &al, cl, f5(el, al, bl) &+ x9 &+ 0xA953_FD4E, 11); step(&dr, &ar, cr, f1(er, ar, br) &+ x4, 9)
        step(&cl, &el, bl, f5(dl, el, al) &+ x7 &+ 0xA953_FD4E, 6); step(&cr, &er, br, f1(dr, er, ar) &+ x1, 12)
        step(&bl, &dl, al, f5(cl, dl, el) &+ x12 &+ 0xA953_FD4E, 8); step(&br, &dr, ar, f1(cr, dr, er) &+ x5, 5)
        step(&al, &cl, el, f5(bl, cl, dl) &+ x2 &+ 0xA953_FD4E, 13); step(&ar, &cr, er, f1(br, cr, dr) &+ x8, 14)
        step(&el, &bl, dl, f5(al, bl, cl) &+ x10 &+ 0xA953_FD4E, 12); step(&er, &br, dr, f1(ar, br, cr) &+ x7, 6)
        step(&dl, &al, cl, f5(el, al, bl) &+ x14 &+ 0xA953_FD4E, 5); step(&dr, &ar, cr, f1(er, ar, br) &+ x6, 8)
        step(&cl, &el, bl, f5(dl, el, al) &+ x1 &+ 0xA953_FD4E, 12); step(&cr, &er, br, f1(dr, er, ar) &+ x2, 13)
        step(&bl, &dl, al, f5(cl, dl, el) &+ x3 &+ 0xA953_FD4E, 13); step(&br, &dr, ar, f1(cr, dr, er) &+ x13, 6)
        step(&al, &cl, el, f5(bl, cl, dl) &+ x8 &+ 0xA953_FD4E, 14); step(&ar, &cr, er, f1(br, cr, dr) &+ x14, 5)
        step(&el, &bl, dl, f5(al, bl, cl) &+ x11 &+ 0xA953_FD4E, 11); step(&er, &br, dr, f1(ar, br, cr) &+ x0, 15)
        step(&dl, &al, cl, f5(el, al, bl) &+ x6 &+ 0xA953_FD4E, 8); step(&dr, &ar, cr, f1(er, ar, br) &+ x3, 13)
        step(&cl, &el, bl, f5(dl, el, al) &+ x15 &+ 0xA953_FD4E, 5); step(&cr, &er, br, f1(dr, er, ar) &+ x9, 11)
        step(&bl, &dl, al, f5(cl, dl, el) &+ x13 &+ 0xA953_FD4E, 6); step(&br, &dr, ar, f1(cr, dr, er) &+ x11, 11)

        let t = h1 &+ cl &+ dr
        h1 = h2 &+ dl &+ er
        h2 = h3 &+ el &+ ar
        h3 = h4 &+ al &+ br
        h4 = h0 &+ bl &+ cr
        h0 = t
    }
}

/// One step: `a` takes the rotated sum plus `e`, and `c` turns by ten.
@inline(__always)
private func step(_ a: inout UInt32, _ c: inout UInt32, _ e: UInt32, _ sum: UInt32, _ rotation: UInt32) {
    a = rotate(a &+ sum, rotation) &+ e
    c = rotate(c, 10)
}

@inline(__always)
private func rotate(_ x: UInt32, _ count: UInt32) -> UInt32 {
    (x &<< count) | (x &>> (32 &- count))
}

// The five boolean functions of the specification, one per round.
@inline(__always) private func f1(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { x ^ y ^ z }
@inline(__always) private func f2(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & y) | (~x & z) }
@inline(__always) private func f3(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x | ~y) ^ z }
@inline(__always) private func f4(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & z) | (y & ~z) }
@inline(__always) private func f5(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { x ^ (y | ~z) }
