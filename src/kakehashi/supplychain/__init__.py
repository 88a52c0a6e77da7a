"""Supply-chain diversification: supplier lists, concentration, alternatives, country scores, disruption simulation."""
