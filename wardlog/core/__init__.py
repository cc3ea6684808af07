"""The product without a screen: the book, its catalog, periods, import and search. No Qt here."""
