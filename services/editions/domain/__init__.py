"""The pure core of editions: next year's dates from the school calendar."""
