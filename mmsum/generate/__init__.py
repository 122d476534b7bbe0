"""Summary writers: extractive, and generative with local models."""
