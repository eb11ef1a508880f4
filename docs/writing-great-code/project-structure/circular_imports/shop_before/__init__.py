"""Two modules that import each other at the top: importing either one fails."""
