"""The live preview: watch the files, rebuild, serve the pages, reload the browsers."""
