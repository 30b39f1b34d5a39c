Feature: Sharing the list
  As a shopper
  I want to share my list
  So that someone else can shop for me
  Nothing is written here yet, and no reading order names it.
