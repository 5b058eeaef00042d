"""Regional and national scale: generated maps, merged maps, Monte Carlo.

Pure Python with numpy and scipy (Dask only where asked for); never imports
Django.
"""
