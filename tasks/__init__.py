"""The pipeline's stages as plain functions: callable from tests, scripts or Prefect.

``flows/pipeline.py`` wraps each one in a Prefect task; nothing here imports Prefect.
Stages pass documents and frames (or paths), never open connections.
"""
