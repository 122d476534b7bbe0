"""Text and image encoders behind one small interface each, and their fusion."""
