package dev.mee6sync.lambda;

import java.util.Map;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

@Named("mee6-sync")
public class SyncLambda implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return Map.of("status", "TODO", "input", input);
    }
}
