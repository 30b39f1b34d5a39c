# language: xx
Feature: Unknown words
