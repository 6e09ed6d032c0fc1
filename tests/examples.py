"""Textbook data shared by the tests."""

#: Elements of Information Theory (Cover & Thomas, 2nd ed.), Example 2.2.1: rows y = 1..4, columns x = 1..4.
#: H(X) = 7/4, H(Y) = 2, H(X|Y) = 11/8, H(Y|X) = 13/8, H(X,Y) = 27/8, I(X;Y) = 3/8 bits.
COVER_THOMAS_2_2_1 = [
    ["1/8", "1/16", "1/32", "1/32"],
    ["1/16", "1/8", "1/32", "1/32"],
    ["1/16", "1/16", "1/16", "1/16"],
    ["1/4", 0, 0, 0],
]
