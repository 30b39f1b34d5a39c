Feature: Shopping at the market
  As a shopper
  I want to buy at the market too
  So that the list serves every shop
  Nothing is written here yet but what every example will start from.

  Background:
    Given the shopper's stalls are:
      | stall           | note                     |
      | bread \| cakes  | first\nthen the rest     |
      | back\\slash     | as written               |
