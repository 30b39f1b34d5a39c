"""How the scenarios reach the blog: one PageDriver interface, three drivers (in-process,
real HTTP, Chromium), the live server they share, and the page they read."""
