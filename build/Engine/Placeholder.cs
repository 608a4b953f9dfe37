namespace Engine;
